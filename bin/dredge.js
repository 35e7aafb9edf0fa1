#!/usr/bin/env node
import { existsSync } from "node:fs";
import module from "node:module";

// Node >= 22.1 keeps V8's compiled code of the modules it loads between runs (in the OS temp directory, or
// NODE_COMPILE_CACHE): a warm run then skips most of parsing the bundle. On Node 20 the bundle keeps a V8
// code cache of its own, in CACHE_DIR/code (src/cli/code-cache.ts; docs/performance.md, "Start-up").
module.enableCompileCache?.();

// The bundled CLI (npm run build: scripts/bundle.mjs) when present: one file to load, not hundreds of
// modules; else the compiled modules of dist/.
const bundle = new URL("../dist/bundle/dredge.js", import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : "../dist/cli/main.js");

// A reader that went away (`dredge … | head -3`) is not an error: stop writing, finish, exit with the
// command's own code, quietly. Any other failure of standard output is one line, exit 2.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") {
    process.stderr.write(`error: cannot write to standard output: ${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write = (_chunk, encoding, callback) => {
    const done = typeof encoding === "function" ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
});

const code = await main(process.argv);
// Flush stdout before exiting: sockets or timers left by an aborted operation must not keep us alive.
process.stdout.write("", () => process.exit(code));
