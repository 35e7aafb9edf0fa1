/**
 * Layer-analysis cache: one gzipped JSON file per (diffID, analyzer set), under CACHE_DIR/layers. Keys
 * include every analyzer's id and version and the walker version, so a changed analyzer misses the cache.
 * A corrupt entry is a miss, never an error. Only analyses of verified bytes are stored: the diffID of a key
 * is one Dredge computed, and each entry lists the blob digests Dredge verified to decompress to it (see
 * docs/security.md, "What Dredge verifies").
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Digest } from "../model/image.js";
import type { LayerAnalysis } from "../artifact/types.js";

/**
 * Bump when the walker, the LayerAnalysis shape or the entry shape changes. 2: entries carry the verified
 * blob digests; entries of version 1 were stored under diffIDs nobody checked and are never read.
 */
export const WALKER_VERSION = 2;

/** At most this many blob digests are remembered per entry (the most recent). */
const MAX_BLOBS = 16;

export interface CachedLayer {
  analysis: LayerAnalysis;
  /** Blob digests Dredge read, verified, and found to decompress to `analysis.diffId`. */
  blobs: Digest[];
}

export interface LayerCache {
  get(key: string): Promise<CachedLayer | undefined>;
  put(key: string, value: CachedLayer): Promise<void>;
}

/** `blobs` plus `blob`, most recent last, bounded. */
export function addBlob(blobs: readonly Digest[] | undefined, blob: Digest): Digest[] {
  return [...(blobs ?? []).filter((b) => b !== blob), blob].slice(-MAX_BLOBS);
}

function isEntry(v: unknown): v is CachedLayer {
  const e = v as Partial<CachedLayer> | null;
  const a = e?.analysis;
  return Array.isArray(e?.blobs) && e.blobs.every((b) => typeof b === "string") && a?.schema === 1 && Array.isArray(a.files);
}

/** An entry as stored (gzipped JSON), for every cache backend: files here, the server's catalog. */
export const encodeCachedLayer = (value: CachedLayer): Buffer => gzipSync(JSON.stringify(value), { level: 1 });

/** A stored entry, or undefined when it is damaged or of another shape (a miss, never an error). */
export function decodeCachedLayer(bytes: Buffer): CachedLayer | undefined {
  try {
    const value: unknown = JSON.parse(gunzipSync(bytes).toString("utf8"));
    return isEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
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
      const bytes = await readFile(pathOf(key)).catch(() => undefined);
      return bytes ? decodeCachedLayer(bytes) : undefined;
    },
    async put(key, value) {
      const target = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, encodeCachedLayer(value));
        await rename(tmp, target);
      } finally {
        await rm(tmp, { force: true });
      }
    },
  };
}

/** An in-memory cache (tests, --no-cache runs still share layers across platforms). */
export function memoryLayerCache(): LayerCache {
  const m = new Map<string, CachedLayer>();
  return { get: async (k) => m.get(k), put: async (k, v) => void m.set(k, v) };
}

export async function cleanCache(cacheDir: string, what: "all" | "layers" = "all"): Promise<void> {
  if (what === "layers") await rm(join(cacheDir, "layers"), { recursive: true, force: true });
  else for (const sub of ["layers", "verified", "tmp", "code"]) await rm(join(cacheDir, sub), { recursive: true, force: true });
}
