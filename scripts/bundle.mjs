#!/usr/bin/env node
// The bundled CLI (part of `npm run build`, after tsc): dist/bundle/ with source maps. bin/dredge.js runs it
// when present. Loading a few files instead of ~600 ES modules is most of a short run's time; each command's
// code is a chunk of its own, loaded when the command runs (src/cli/main.ts).
//
// The chunks are CommonJS files (NAME.cjs; esbuild splits only ES modules, so they are split as ES modules
// first and then each turned into CommonJS): Node 20 can compile CommonJS with a V8 code cache, which a warm
// run then loads instead of compiling the command's code again (src/cli/code-cache.ts; Node >= 22.1 uses
// its own compile cache). dist/bundle/dredge.js is the ES module entry that loads them (src/cli/bundle-entry.ts).
//
// Modules that find files next to themselves keep working:
// - src/version.ts reads ../package.json: the version is written in (DREDGE_BUNDLED_VERSION);
// - childEntry(import.meta.url, "NAME") forks NAME.js beside the calling module: every such NAME is an
//   ES module entry point of its own, so NAME.js sits beside the chunks in dist/bundle; import.meta.url of a
//   chunk is its own file's URL.
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
const esmDir = join(root, "dist/.bundle-esm");
rmSync(esmDir, { recursive: true, force: true });
const common = { absWorkingDir: root, bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };
// Bundled CommonJS packages call require() for Node's modules: an ES module needs one made for it.
const esmRequire = { js: 'import { createRequire as __dredgeCreateRequire } from "node:module";\nconst require = __dredgeCreateRequire(import.meta.url);' };

// 1. The program as ES modules, split: one chunk per command, shared code in chunks of its own.
const result = await build({
  ...common,
  entryPoints: { dredge: join(root, "src/cli/main.ts") },
  outdir: esmDir,
  splitting: true,
  format: "esm",
  external,
  chunkNames: "chunk-[hash]",
  define: { DREDGE_BUNDLED_VERSION: JSON.stringify(pkg.version) },
  plugins: [englishOnlyZod],
  metafile: true,
});

// 2. Each of those chunks as a CommonJS file (NAME.cjs), which Node 20 can compile with a V8 code cache
// (src/cli/code-cache.ts): imports of other chunks become require("./NAME.cjs") (dynamic ones too, so a
// command's chunk is still loaded only when the command runs), anything else stays an external require;
// import.meta is the chunk's own (url, dirname, filename). The source maps chain back to src/.
const chunks = readdirSync(esmDir).filter((f) => f.endsWith(".js")).map((f) => join(esmDir, f));
const chunkImports = {
  name: "chunk-imports",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      const chunk = /^\.\/([\w-]+)\.js$/.exec(args.path);
      return { path: chunk ? `./${chunk[1]}.cjs` : args.path, external: true };
    });
  },
};
// "use strict" first: the chunks were ES modules (always strict), and a directive counts only at the top.
const importMeta =
  '"use strict";\nvar __dredgeImportMeta = { url: require("node:url").pathToFileURL(__filename).href, dirname: __dirname, filename: __filename, resolve: (s) => require("node:url").pathToFileURL(require.resolve(s)).href };';
await build({
  ...common,
  entryPoints: chunks,
  outdir,
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  supported: { "dynamic-import": false },
  define: { "import.meta": "__dredgeImportMeta" },
  banner: { js: importMeta },
  plugins: [chunkImports],
});
rmSync(esmDir, { recursive: true, force: true });

// 3. Child-process entries (NAME.js, run by Node itself), each one ES module with all it needs.
await build({ ...common, entryPoints: childEntries(), outdir, format: "esm", external, banner: esmRequire });

// 4. The entry, dist/bundle/dredge.js: loads dredge.cjs (src/cli/bundle-entry.ts) and exports its main.
await build({ ...common, entryPoints: { dredge: join(root, "src/cli/bundle-entry.ts") }, outdir, format: "esm", banner: esmRequire });

if (process.argv.includes("--analyze")) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".map")) console.log(`${relative(root, file)}: ${Math.round(out.bytes / 1024)} KB, ${Object.keys(out.inputs).length} modules`);
  }
}
