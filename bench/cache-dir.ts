/** Where the bench keeps generated images and installed peers between runs. */
import { mkdirSync } from "node:fs";

/** `DREDGE_BENCH_CACHE` or /var/tmp/dredge-bench-cache, created; `fallback` when it cannot be. */
export function benchCacheDir(fallback: string): string {
  const dir = process.env.DREDGE_BENCH_CACHE ?? "/var/tmp/dredge-bench-cache";
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return fallback;
  }
}
