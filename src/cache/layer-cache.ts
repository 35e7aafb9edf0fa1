/**
 * Layer-analysis cache: one gzipped JSON file per (diffID, analyzer set), under CACHE_DIR/layers. Keys
 * include every analyzer's id and version and the walker version, so a changed analyzer misses the cache.
 * A corrupt entry is a miss, never an error.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Digest } from "../model/image.js";
import type { LayerAnalysis } from "../artifact/types.js";

/** Bump when the walker or the LayerAnalysis shape changes. */
export const WALKER_VERSION = 1;

export interface LayerCache {
  get(key: string): Promise<LayerAnalysis | undefined>;
  put(key: string, value: LayerAnalysis): Promise<void>;
}

export function layerCacheKey(diffId: Digest, analyzers: readonly { id: string; version: number }[], extra = ""): string {
  const h = createHash("sha256");
  h.update(`walker:${WALKER_VERSION}\n${diffId}\n${extra}\n`);
  for (const a of [...analyzers].sort((x, y) => x.id.localeCompare(y.id))) h.update(`${a.id}:${a.version}\n`);
  return h.digest("hex");
}

export function fileLayerCache(cacheDir: string): LayerCache {
  const dir = join(cacheDir, "layers");
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json.gz`);
  return {
    async get(key) {
      try {
        const value = JSON.parse(gunzipSync(await readFile(pathOf(key))).toString("utf8")) as LayerAnalysis;
        return value.schema === 1 && Array.isArray(value.files) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, value) {
      const target = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, gzipSync(JSON.stringify(value), { level: 1 }));
        await rename(tmp, target);
      } finally {
        await rm(tmp, { force: true });
      }
    },
  };
}

/** An in-memory cache (tests, --no-cache runs still share layers across platforms). */
export function memoryLayerCache(): LayerCache {
  const m = new Map<string, LayerAnalysis>();
  return { get: async (k) => m.get(k), put: async (k, v) => void m.set(k, v) };
}

export async function cleanCache(cacheDir: string, what: "all" | "layers" = "all"): Promise<void> {
  if (what === "layers") await rm(join(cacheDir, "layers"), { recursive: true, force: true });
  else for (const sub of ["layers", "tmp"]) await rm(join(cacheDir, sub), { recursive: true, force: true });
}
