#!/usr/bin/env node
// The dashboard (part of `npm run build`): src/ui/main.ts bundled and minified by esbuild into dist/ui, with
// its stylesheet; index.html names both by content hash (cached forever, no CDN, works offline). The
// server serves dist/ui under /ui/ (src/server/http/ui.ts).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");

const hashed = (name, ext, body) => `${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${ext}`;

/** Builds the dashboard into `outdir`; returns the file names. */
export async function buildUi(outdir = join(root, "dist/ui")) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "src/ui/main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    write: false,
    tsconfig: join(root, "src/ui/tsconfig.json"),
    logLevel: "warning",
  });
  const script = result.outputFiles[0].contents;
  const style = readFileSync(join(root, "src/ui/style.css"));
  const scriptName = hashed("app", "js", script);
  const styleName = hashed("app", "css", style);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, scriptName), script);
  writeFileSync(join(outdir, styleName), style);
  const html = readFileSync(join(root, "src/ui/index.html"), "utf8").replace("/ui/SCRIPT", `/ui/${scriptName}`).replace("/ui/STYLE", `/ui/${styleName}`);
  writeFileSync(join(outdir, "index.html"), html);
  return { script: scriptName, style: styleName };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildUi();
