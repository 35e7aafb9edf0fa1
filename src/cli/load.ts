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
import { stringSetting } from "./settings.js";
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
  if (dir) return [await analyzeDirectory(dir[2]!, { kind: dir[1] as "rootfs" | "fs", analyzers, logger: ctx.logger, ...(skip ? { skip } : {}) })];
  const st = ctx.settings;
  const source = await openImageTarget(target, {
    tmpDir: ctx.tmpDir,
    logger: ctx.logger,
    signal: ctx.signal,
    username: str(st.username),
    password: str(st.password),
    insecure: st.insecure === true,
    dockerHost: str(st.dockerHost),
    timeoutMs: typeof st.timeout === "number" ? st.timeout : undefined,
  });
  try {
    const images = await source.resolve({ platform: str(st.platform), logger: ctx.logger, signal: ctx.signal });
    const cache = st.cache === false ? memoryLayerCache() : fileLayerCache(ctx.cacheDir);
    const memo = new Map();
    const limits = { maxLayerBytes: Number(st.maxLayerBytes), maxEntries: Number(st.maxLayerEntries) };
    const maxKeptBytes = typeof st.maxLayerAnalyzedBytes === "number" ? st.maxLayerAnalyzedBytes : undefined;
    const out: ImageAnalysis[] = [];
    const progress = progressFor(ctx);
    try {
      for (const image of images) {
        const onProgress = (p: LayerProgress) => progress.layer(p, image.metadata.layers.length);
        out.push(await analyzeImage(image, { analyzers, logger: ctx.logger, cache, memo, limits, maxKeptBytes, signal: ctx.signal, onProgress }));
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

const str = stringSetting;
