/**
 * The bundled CLI's entry (dist/bundle/dredge.js, scripts/bundle.mjs): loads the CommonJS chunk of the
 * program (dredge.cjs) and exports its `main`. Node ≥ 22.1 loads it with its own require and keeps V8's
 * compiled code in its compile cache (`module.enableCompileCache()`); older Node loads the chunks through
 * code-cache.ts, which keeps that code in CACHE_DIR/code. With source maps on (`--enable-source-maps`)
 * Node's require is used too: it maps stack traces of the files it loads.
 */
import module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { codeCacheSite, createChunkLoader } from "./code-cache.js";
import type { main as Main } from "./main.js";

const program = fileURLToPath(new URL("./dredge.cjs", import.meta.url));

function load(): { main: typeof Main } {
  const nodeCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (nodeCache || process.sourceMapsEnabled) {
    nodeCache?.();
    return createRequire(import.meta.url)(program) as { main: typeof Main };
  }
  const loader = createChunkLoader(codeCacheSite(process.argv, process.env));
  process.once("exit", () => loader.flush());
  return loader.load(program) as { main: typeof Main };
}

export const { main } = load();
