/**
 * Analyse an image: each layer is read at most once (cache by diffID + analyzer versions, and an
 * in-run memo so layers shared between platforms are read once), then the layers are merged. Every layer
 * read is verified to its last byte (blob digest and size, diffID) before its analysis is used or cached.
 */
import type { Analyzer } from "../analyzer/types.js";
import type { LayerCache } from "../cache/layer-cache.js";
import { addBlob, layerCacheKey } from "../cache/layer-cache.js";
import { stampFile, type FileRange, type FileStamp, type VerifiedFiles } from "../cache/verified-files.js";
import type { ResolvedImage } from "../image/types.js";
import type { WalkLimits } from "../layer/types.js";
import { defaultWalkLimits } from "../layer/types.js";
import { hashBlob, readVerifiedLayer } from "../layer/verify.js";
import { walkLayer } from "../layer/walk.js";
import type { LayerRef } from "../model/image.js";
import { cancelledError } from "../util/abort.js";
import type { Logger } from "../util/log.js";
import { analyzeEvents, assertNotAborted, layerWhere } from "./analyze-layer.js";
import { DEFAULT_MAX_KEPT_BYTES } from "./budget.js";
import { mergeAnalyses, TreeFolder } from "./merge.js";
import type { ImageAnalysis, LayerAnalysis } from "./types.js";
import { mapConcurrent } from "../util/array.js";

/**
 * How far (in multiples of the concurrency) a layer may be read above the lowest layer not yet folded into the
 * tree. Without a bound, the small layers above a big one are all read while it is, and each waits with its
 * whole file list (120,000 entries, ~25 MB of heap, in the 42-layer bench image; docs/performance.md).
 */
export const LAYERS_AHEAD = 2;

export type LayerProgress = { layer: LayerRef; state: "cached" | "reading" | "done" };

export interface AnalyzeImageOptions {
  analyzers: readonly Analyzer[];
  logger: Logger;
  cache?: LayerCache;
  /** Local blobs verified before in an unchanged file: a cache hit on them needs no hashing (verified-files.ts). */
  verifiedFiles?: VerifiedFiles;
  limits?: WalkLimits;
  /** Per-layer analysis budget in bytes (default DEFAULT_MAX_KEPT_BYTES, see budget.ts). */
  maxKeptBytes?: number;
  signal?: AbortSignal;
  /** Handed to analyzers for their temporary files (the CLI's --tmp-dir). */
  tmpDir?: string;
  /** Shared across the images of one run: a layer common to several platforms is read once. */
  memo?: Map<string, Promise<{ analysis: LayerAnalysis; cached: boolean }>>;
  onProgress?: (p: LayerProgress) => void;
  /** Layers read at the same time (downloads overlap). */
  concurrency?: number;
}

export async function analyzeImage(image: ResolvedImage, options: AnalyzeImageOptions): Promise<ImageAnalysis> {
  const layers = image.metadata.layers;
  // Each layer joins the tree as soon as the layers below it did: its file list is not kept to the end.
  const folder = new TreeFolder();
  const concurrency = options.concurrency ?? 3;
  const cached = await mapConcurrent(layers, concurrency, async (layer, i) => {
    // A layer is read only while it is less than LAYERS_AHEAD × concurrency above the lowest one not folded.
    await folder.whenFolded(i + 1 - LAYERS_AHEAD * concurrency);
    try {
      const r = await layerAnalysis(image, layer, options);
      folder.add(i, r.analysis);
      return r.cached;
    } catch (err) {
      folder.stop(err);
      throw err;
    }
  });
  return mergeAnalyses(image.metadata, folder.analyses, cached, folder.tree);
}

function layerAnalysis(image: ResolvedImage, layer: LayerRef, o: AnalyzeImageOptions): Promise<{ analysis: LayerAnalysis; cached: boolean }> {
  const limits = o.limits ?? defaultWalkLimits;
  const key = layerCacheKey(layer.diffId, o.analyzers, `${limits.maxLayerBytes}:${limits.maxEntries}:${o.maxKeptBytes ?? DEFAULT_MAX_KEPT_BYTES}`);
  // Shared only between layers naming the same blob: a config claiming another layer's diffID gets no free ride.
  if (layer.digest === undefined) return readOrCached(image, layer, key, o, limits);
  const memo = o.memo ?? new Map();
  const memoKey = `${key} ${layer.digest}`;
  let p = memo.get(memoKey);
  if (!p) {
    p = readOrCached(image, layer, key, o, limits);
    memo.set(memoKey, p);
  }
  return p;
}

async function readOrCached(
  image: ResolvedImage,
  layer: LayerRef,
  key: string,
  o: AnalyzeImageOptions,
  limits: WalkLimits,
): Promise<{ analysis: LayerAnalysis; cached: boolean }> {
  assertNotAborted(o.signal);
  const where = layerWhere(layer.index, layer.diffId);
  const hit = await o.cache?.get(key);
  if (hit && hit.analysis.diffId === layer.diffId && (await hitIsTrusted(image, layer, hit.blobs, where, o))) {
    o.onProgress?.({ layer, state: "cached" });
    return { analysis: hit.analysis, cached: true };
  }
  o.onProgress?.({ layer, state: "reading" });
  const range = o.verifiedFiles ? image.layerLocation?.(layer) : undefined;
  const before = range && (await stampFile(range.file));
  const raw = await image.openLayer(layer);
  // A layer stalled on the network (or a slow decompression) stops at once when the run is aborted.
  const onAbort = (): void => void raw.destroy(cancelledError());
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const expect = { digest: layer.digest, size: layer.size, diffId: layer.diffId, maxBytes: limits.maxLayerBytes };
    const { value: analysis, digests } = await readVerifiedLayer(raw, expect, `${image.metadata.name}: ${where}`, (tar) => {
      const events = walkLayer(tar, { where, limits, logger: o.logger });
      return analyzeEvents(events, { diffId: layer.diffId, where, analyzers: o.analyzers, logger: o.logger, signal: o.signal, tmpDir: o.tmpDir, maxKeptBytes: o.maxKeptBytes });
    });
    // Only now, every byte verified: the diffID of the key is one Dredge computed.
    const entry = { analysis, blobs: addBlob(hit?.blobs, digests.blob) };
    await o.cache?.put(key, entry).catch((err: unknown) => o.logger.debug("cache write failed", { error: String(err) }));
    if (range && before) await recordVerified(o, range, before, digests.blob);
    o.onProgress?.({ layer, state: "done" });
    return { analysis, cached: false };
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
    raw.destroy();
  }
}

/**
 * A cached analysis is used only for a blob Dredge verified to decompress to the diffID before: named by a
 * verified manifest (registry), or hashed now (local files are not trusted by name) — unless these very bytes
 * of the same, unchanged file were hashed to that digest before (verified-files.ts, docs/security.md).
 */
async function hitIsTrusted(image: ResolvedImage, layer: LayerRef, blobs: readonly string[], where: string, o: AnalyzeImageOptions): Promise<boolean> {
  if (image.layerTrust === "manifest") return layer.digest !== undefined && blobs.includes(layer.digest);
  const trusted = (digest: string): boolean => (layer.digest === undefined || digest === layer.digest) && blobs.includes(digest);
  const range = o.verifiedFiles ? image.layerLocation?.(layer) : undefined;
  const known = range && (await o.verifiedFiles!.lookup(range).catch(() => undefined));
  if (known && trusted(known)) return true;
  const before = range && (await stampFile(range.file));
  const digest = await hashBlob(await image.openLayer(layer), layer.digest, layer.size, `${image.metadata.name}: ${where}`);
  if (!trusted(digest)) return false;
  if (range && before) await recordVerified(o, range, before, digest);
  return true;
}

async function recordVerified(o: AnalyzeImageOptions, range: FileRange, before: FileStamp, digest: string): Promise<void> {
  await o.verifiedFiles?.record(range, before, digest).catch((err: unknown) => o.logger.debug("verified-file record failed", { error: String(err) }));
}

