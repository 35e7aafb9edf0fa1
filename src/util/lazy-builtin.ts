/**
 * A module of Node's loaded when first used, not when the module that needs it loads: start-up of every
 * command pays for the modules it loads (`node:http` and `node:tls` are ~8 ms together), and a warm rescan
 * of a local image never reaches the registry client, the Docker Engine client or the hashing thread
 * (docs/performance.md, "Start-up"). The caller names the type (`import type * as Http from "node:http"`).
 */

/** `node:NAME`, loaded on the first call (then kept: later calls cost a property read). */
export function lazyBuiltin<T extends object>(id: `node:${string}`): () => T {
  let mod: T | undefined;
  return () => (mod ??= process.getBuiltinModule(id) as T);
}
