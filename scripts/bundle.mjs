#!/usr/bin/env node
// The bundled CLI (part of `npm run build`, after tsc): dist/bundle/dredge.js and its chunks, with source
// maps. bin/dredge.js runs it when present. Loading one file instead of ~600 ES modules is most of a short
// run's time; each command's code is a chunk of its own, imported when the command runs (src/cli/main.ts).
//
// Modules that find files next to themselves keep working:
// - src/version.ts reads ../package.json: the version is written in (DREDGE_BUNDLED_VERSION);
// - childEntry(import.meta.url, "NAME") forks NAME.js beside the calling module: every such NAME is an
//   entry point of its own, so NAME.js sits beside the chunks in dist/bundle.
// Native and server-only packages stay in node_modules (external): better-sqlite3 loads a .node binding,
// pino and fastify resolve workers and plugins at run time, pg requires pg-native when asked.
import { build } from "esbuild";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const outdir = join(root, "dist/bundle");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Every `childEntry(import.meta.url, "NAME")` of src/: the entry module NAME.ts beside its caller. */
export function childEntries(dir = join(root, "src")) {
  const out = {};
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, childEntries(p));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) {
      for (const m of readFileSync(p, "utf8").matchAll(/childEntry\(\s*import\.meta\.url,\s*"([\w-]+)"\s*\)/g)) {
        const entry = join(dirname(p), `${m[1]}.ts`);
        if (out[m[1]] && out[m[1]] !== entry) throw new Error(`two child entries named ${m[1]}: ${out[m[1]]} and ${entry}`);
        out[m[1]] = entry;
      }
    }
  }
  return out;
}

/**
 * zod's namespace (`import { z } from "zod"`) carries every locale of its messages, ~450 KB parsed at each
 * start (core and classic each re-export them); Dredge writes its own messages and never selects a locale:
 * only English (zod's default) is kept.
 */
const englishOnlyZod = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: "zod-locales", namespace: "dredge" } : undefined));
    b.onLoad({ filter: /^zod-locales$/, namespace: "dredge" }, () => ({ contents: 'export { default as en } from "zod/v4/locales/en.js";', resolveDir: root }));
  },
};

// undici is imported dynamically (on the first registry request): bundled, a dynamic import of a CommonJS
// package gives only its default export, so it stays a package Node loads (named exports intact).
const external = ["better-sqlite3", "pg", "pg-native", "pino", "fastify", "@fastify/*", "undici"];
for (const name of external) {
  if (!name.includes("*") && name !== "pg-native" && !pkg.dependencies[name]) throw new Error(`external ${name} is not a dependency`);
}

rmSync(outdir, { recursive: true, force: true });
const entryPoints = { dredge: join(root, "src/cli/main.ts"), ...childEntries() };
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external,
  chunkNames: "chunk-[hash]",
  define: { DREDGE_BUNDLED_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages call require() for Node's modules: give each chunk one.
  banner: { js: 'import { createRequire as __dredgeCreateRequire } from "node:module";\nconst require = __dredgeCreateRequire(import.meta.url);' },
  plugins: [englishOnlyZod],
  metafile: true,
  logLevel: "warning",
});
if (process.argv.includes("--analyze")) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".map")) console.log(`${relative(root, file)}: ${Math.round(out.bytes / 1024)} KB, ${Object.keys(out.inputs).length} modules`);
  }
}
