/** From a TARGET argument to analysed images, with the command's settings. */
import { analyzersFor, type AnalysisMode } from "../analyzer/registry.js";
import { open } from "node:fs/promises";
import type { Analyzer } from "../analyzer/types.js";
import { isSbomFile, readSbom, SNIFF_BYTES } from "../sbom-input/index.js";
import { buildInventory } from "../inventory/build.js";
import type { Inventory } from "../model/inventory.js";
import { analyzeDirectory } from "../artifact/directory.js";
import { analyzeImage, type LayerProgress } from "../artifact/image.js";
import { progressFor } from "./progress.js";
import type { ImageAnalysis } from "../artifact/types.js";
import { fileLayerCache, memoryLayerCache } from "../cache/layer-cache.js";
import { openImageTarget } from "../image/target.js";
import type { RunContext } from "./context.js";
import { skipInventory, type PathSkipper } from "../scan/skip.js";

/** Analyse the target with the analyzers its kind needs and build each image's inventory. */
export async function loadInventories(ctx: RunContext, target: string): Promise<Inventory[]> {
  return (await loadTargets(ctx, target, [])).map((t) => t.inventory);
}

export interface LoadedTarget {
  inventory: Inventory;
  /** Absent for SBOM targets (no files to look at). */
  analysis?: ImageAnalysis;
}

export const targetMode = (target: string): AnalysisMode => (/^fs:/.test(target) ? "fs" : /^rootfs:/.test(target) ? "rootfs" : "image");

/** Like loadInventories, with extra analyzers (secrets, config files) and the analyses kept. */
export async function loadTargets(ctx: RunContext, target: string, extra: readonly Analyzer[], skip?: PathSkipper): Promise<LoadedTarget[]> {
  const mode = targetMode(target);
  const sbom = mode === "image" ? await sbomPath(target) : undefined;
  if (sbom) return [{ inventory: await readSbom(sbom, { logger: ctx.logger, signal: ctx.signal }) }];
  const images = await loadImages(ctx, target, [...analyzersFor(mode), ...extra], skip);
  // A directory walk already left skipped paths out; image layers were read whole, so drop what they held.
  const keep = (inv: Inventory): Inventory => (skip && mode === "image" ? skipInventory(inv, skip) : inv);
  return images.map((a) => ({ inventory: keep(buildInventory(a)), analysis: a }));
}

/** `skip` (--skip-dirs/--skip-files): a directory walk leaves those paths out; image layers are read whole. */
export async function loadImages(ctx: RunContext, target: string, analyzers: readonly Analyzer[], skip?: PathSkipper): Promise<ImageAnalysis[]> {
  const dir = /^(rootfs|fs):(.+)$/.exec(target);
  if (dir) {
    const kind = dir[1] as "rootfs" | "fs";
    return [await analyzeDirectory(dir[2]!, { kind, analyzers, logger: ctx.logger, signal: ctx.signal, tmpDir: ctx.tmpDir, ...(skip ? { skip } : {}) })];
  }
  const o = ctx.options;
  const limits = { maxLayerBytes: o.maxLayerBytes, maxEntries: o.maxLayerEntries };
  const source = await openImageTarget(target, {
    tmpDir: ctx.tmpDir,
    maxArchiveBytes: limits.maxLayerBytes,
    logger: ctx.logger,
    signal: ctx.signal,
    username: o.username,
    password: o.password,
    insecure: o.insecure,
    dockerHost: o.dockerHost,
    timeoutMs: o.timeout,
  });
  try {
    const images = await source.resolve({ platform: o.platform, logger: ctx.logger, signal: ctx.signal });
    const cache = o.cache ? fileLayerCache(ctx.cacheDir) : memoryLayerCache();
    const memo = new Map();
    const maxKeptBytes = o.maxLayerAnalyzedBytes;
    const out: ImageAnalysis[] = [];
    const progress = progressFor(ctx);
    try {
      for (const image of images) {
        const onProgress = (p: LayerProgress) => progress.layer(p, image.metadata.layers.length);
        out.push(await analyzeImage(image, { analyzers, logger: ctx.logger, cache, memo, limits, maxKeptBytes, signal: ctx.signal, tmpDir: ctx.tmpDir, onProgress }));
      }
    } finally {
      progress.done();
    }
    return out;
  } finally {
    await source.close();
  }
}

/** A TARGET that is an SBOM file (sbom:FILE, or a file that sniffs as CycloneDX/SPDX/in-toto). */
async function sbomPath(target: string): Promise<string | undefined> {
  const explicit = /^sbom:(.+)$/.exec(target)?.[1];
  const path = explicit ?? target;
  let fh;
  try {
    fh = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0);
    return explicit || isSbomFile(head.subarray(0, bytesRead)) ? path : undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
