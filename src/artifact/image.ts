/**
 * Analyse an image: each layer is read at most once (cache by diffID + analyzer versions, and an
 * in-run memo so layers shared between platforms are read once), then the layers are merged.
 */
import type { Analyzer } from "../analyzer/types.js";
import type { LayerCache } from "../cache/layer-cache.js";
import { layerCacheKey } from "../cache/layer-cache.js";
import type { ResolvedImage } from "../image/types.js";
import { openLayerTar } from "../layer/decompress.js";
import type { WalkLimits } from "../layer/types.js";
import { defaultWalkLimits } from "../layer/types.js";
import { walkLayer } from "../layer/walk.js";
import type { LayerRef } from "../model/image.js";
import type { Logger } from "../util/log.js";
import { analyzeEvents, assertNotAborted, layerWhere } from "./analyze-layer.js";
import { DEFAULT_MAX_KEPT_BYTES } from "./budget.js";
import { mergeAnalyses } from "./merge.js";
import type { ImageAnalysis, LayerAnalysis } from "./types.js";

export type LayerProgress = { layer: LayerRef; state: "cached" | "reading" | "done" };

export interface AnalyzeImageOptions {
  analyzers: readonly Analyzer[];
  logger: Logger;
  cache?: LayerCache;
  limits?: WalkLimits;
  /** Per-layer analysis budget in bytes (default DEFAULT_MAX_KEPT_BYTES, see budget.ts). */
  maxKeptBytes?: number;
  signal?: AbortSignal;
  /** Shared across the images of one run: a layer common to several platforms is read once. */
  memo?: Map<string, Promise<{ analysis: LayerAnalysis; cached: boolean }>>;
  onProgress?: (p: LayerProgress) => void;
  /** Layers read at the same time (downloads overlap). */
  concurrency?: number;
}

export async function analyzeImage(image: ResolvedImage, options: AnalyzeImageOptions): Promise<ImageAnalysis> {
  const layers = image.metadata.layers;
  const results = await mapConcurrent(layers, options.concurrency ?? 3, (layer) => layerAnalysis(image, layer, options));
  return mergeAnalyses(
    image.metadata,
    results.map((r) => r.analysis),
    results.map((r) => r.cached),
  );
}

function layerAnalysis(image: ResolvedImage, layer: LayerRef, o: AnalyzeImageOptions): Promise<{ analysis: LayerAnalysis; cached: boolean }> {
  const limits = o.limits ?? defaultWalkLimits;
  const key = layerCacheKey(layer.diffId, o.analyzers, `${limits.maxLayerBytes}:${limits.maxEntries}:${o.maxKeptBytes ?? DEFAULT_MAX_KEPT_BYTES}`);
  const memo = o.memo ?? new Map();
  let p = memo.get(key);
  if (!p) {
    p = readOrCached(image, layer, key, o, limits);
    memo.set(key, p);
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
  const hit = await o.cache?.get(key);
  if (hit && hit.diffId === layer.diffId) {
    o.onProgress?.({ layer, state: "cached" });
    return { analysis: hit, cached: true };
  }
  o.onProgress?.({ layer, state: "reading" });
  const where = layerWhere(layer.index, layer.diffId);
  const raw = await image.openLayer(layer);
  try {
    const tar = openLayerTar(raw, where);
    const events = walkLayer(tar, { where, limits, logger: o.logger });
    const analysis = await analyzeEvents(events, { diffId: layer.diffId, where, analyzers: o.analyzers, logger: o.logger, maxKeptBytes: o.maxKeptBytes });
    await o.cache?.put(key, analysis).catch((err: unknown) => o.logger.debug("cache write failed", { error: String(err) }));
    o.onProgress?.({ layer, state: "done" });
    return { analysis, cached: false };
  } finally {
    raw.destroy();
  }
}

/** Map with at most `limit` promises in flight, results in input order; the first failure wins. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
