/** From a TARGET to analysed images and inventories: the first stages of every job. */
import { open } from "node:fs/promises";
import { analyzersFor, type AnalysisMode } from "../analyzer/registry.js";
import type { Analyzer } from "../analyzer/types.js";
import { analyzeDirectory, checkDirectory } from "../artifact/directory.js";
import { analyzeImage } from "../artifact/image.js";
import type { ImageAnalysis } from "../artifact/types.js";
import { fileLayerCache, memoryLayerCache } from "../cache/layer-cache.js";
import { fileVerifiedFiles } from "../cache/verified-files.js";
import { parseReference } from "../image/reference.js";
import { checkImageTarget, detectTarget, openImageTarget, type TargetOptions } from "../image/target.js";
import { buildInventory } from "../inventory/build.js";
import { FileTree } from "../layer/file-tree.js";
import { withEndOfLife } from "../inventory/eol.js";
import type { Inventory } from "../model/inventory.js";
import { isSbomFile, readSbom, SNIFF_BYTES } from "../sbom-input/index.js";
import type { ScanHooks } from "./hooks.js";
import type { ScanOptions } from "./options.js";
import { skipInventory, type PathSkipper } from "./skip.js";

/** The options that decide how an image is fetched and read. */
export type ImageReadOptions = Pick<
  ScanOptions,
  "username" | "password" | "insecure" | "dockerHost" | "timeout" | "platform" | "cache" | "maxLayerBytes" | "maxLayerEntries" | "maxLayerAnalyzedBytes"
> & Partial<Pick<ScanOptions, "sbomSource">>;

export interface LoadedTarget {
  inventory: Inventory;
  /** Absent for SBOM targets (no files to look at). */
  analysis?: ImageAnalysis;
}

/** `fs:DIR`, `rootfs:DIR`, or anything else (an image or an SBOM file). */
export const targetMode = (target: string): AnalysisMode => (/^fs:/.test(target) ? "fs" : /^rootfs:/.test(target) ? "rootfs" : "image");

/**
 * Cheap checks of a TARGET before anything slow (the database included): a directory exists, a file is an
 * SBOM or looks like an image archive, a reference parses. Registries are not contacted.
 */
export async function checkTarget(target: string): Promise<void> {
  const dir = /^(rootfs|fs):(.+)$/.exec(target);
  if (dir) await checkDirectory(dir[2]!, dir[1] as "rootfs" | "fs");
  else if (!(await sbomPath(target))) await checkImageTarget(target);
}

/**
 * Analyse the target with the analyzers its kind needs (plus `extra`: secrets, config files) and build each
 * image's inventory; `skip` (--skip-dirs/--skip-files) leaves paths out.
 */
export async function loadTargets(
  target: string,
  options: ImageReadOptions,
  hooks: ScanHooks,
  extra: readonly Analyzer[] = [],
  skip?: PathSkipper,
): Promise<LoadedTarget[]> {
  return load(target, options, hooks, extra, skip, true);
}

/**
 * The inventories alone (`dredge sbom`, `inventoryTarget`): each image's file tree (~40 MB for 200,000
 * files) is let go before its inventory is built, and its analysis once it is.
 */
export async function loadInventories(target: string, options: ImageReadOptions, hooks: ScanHooks, skip?: PathSkipper): Promise<Inventory[]> {
  return (await load(target, options, hooks, [], skip, false)).map((t) => t.inventory);
}

async function load(
  target: string,
  options: ImageReadOptions,
  hooks: ScanHooks,
  extra: readonly Analyzer[],
  skip: PathSkipper | undefined,
  keepAnalyses: boolean,
): Promise<LoadedTarget[]> {
  const mode = targetMode(target);
  const sbom = mode === "image" ? await sbomPath(target) : undefined;
  if (sbom) return [{ inventory: withEndOfLife(await readSbom(sbom, { logger: hooks.logger, signal: hooks.signal })) }];
  const attached = mode === "image" && options.sbomSource === "referrers" ? await attachedSbom(target, options, hooks) : undefined;
  if (attached?.inventory) return [{ inventory: attached.inventory }];
  const images = await loadImages(target, options, hooks, [...analyzersFor(mode), ...extra], skip);
  // A directory walk already left skipped paths out; image layers were read whole, so drop what they held.
  const keep = (inv: Inventory): Inventory => (skip && mode === "image" ? skipInventory(inv, skip) : inv);
  const warn = (inv: Inventory): Inventory => (attached?.warning ? { ...inv, warnings: [attached.warning, ...inv.warnings] } : inv);
  if (keepAnalyses) return images.map((a) => ({ inventory: warn(keep(buildInventory(a))), analysis: a }));
  const out: LoadedTarget[] = [];
  while (images.length > 0) out.push({ inventory: warn(keep(buildInventory(withoutTree(images.shift()!)))) });
  return out;
}

/** The analysis without its file tree (an inventory is built from the analyses' results, not from the files). */
const withoutTree = (a: ImageAnalysis): ImageAnalysis => ({ ...a, tree: new FileTree() });

/** --sbom-source referrers: an SBOM attached to a registry image (other targets: undefined, layers as usual). */
async function attachedSbom(target: string, options: ImageReadOptions, hooks: ScanHooks) {
  const spec = await detectTarget(target);
  if (spec.kind !== "registry" || !spec.reference) return undefined;
  const { sbomFromReferrers } = await import("./referrer-sbom.js");
  return sbomFromReferrers(parseReference(spec.reference), options, hooks);
}

/**
 * A directory (fs/rootfs) in which no analyzer found a package manifest, lockfile, package database or OS
 * release file: a warning, so that an empty report never reads as "checked, nothing found".
 */
export function nothingToScan(loaded: LoadedTarget): string | undefined {
  const { inventory: inv, analysis } = loaded;
  if (!analysis || (inv.target.source !== "fs" && inv.target.source !== "rootfs")) return undefined;
  if (inv.os || inv.packages.length > 0 || analysis.packageSets.length > 0 || inv.incomplete?.length) return undefined;
  return `nothing to scan in ${inv.target.name}: no package manifests, lockfiles or OS package databases were found`;
}

/** Every image of the target (one per platform with --platform all), each analysed layer by layer. */
export async function loadImages(
  target: string,
  options: ImageReadOptions,
  hooks: ScanHooks,
  analyzers: readonly Analyzer[],
  skip?: PathSkipper,
): Promise<ImageAnalysis[]> {
  const { logger, signal, tmpDir } = hooks;
  const dir = /^(rootfs|fs):(.+)$/.exec(target);
  if (dir) {
    const kind = dir[1] as "rootfs" | "fs";
    return [await analyzeDirectory(dir[2]!, { kind, analyzers, logger, signal, tmpDir, ...(skip ? { skip } : {}) })];
  }
  const limits = { maxLayerBytes: options.maxLayerBytes, maxEntries: options.maxLayerEntries };
  const source = await openImageTarget(target, imageTargetOptions(options, hooks));
  try {
    const images = await source.resolve({ platform: options.platform, logger, signal });
    // Shared between the platforms of an index; one image has nothing to share, and its layers' file lists
    // are then dropped as they join the tree (artifact/merge.ts, TreeFolder) instead of held to the end.
    const several = images.length > 1;
    const cache = hooks.layerCache ?? (options.cache ? fileLayerCache(hooks.cacheDir) : several ? memoryLayerCache() : undefined);
    // Only beside the file cache: a server's catalog cache scans registries (no local files to remember).
    const verifiedFiles = !hooks.layerCache && options.cache ? fileVerifiedFiles(hooks.cacheDir) : undefined;
    const memo = hooks.layerMemo ?? (several ? new Map() : undefined);
    const out: ImageAnalysis[] = [];
    for (const image of images) {
      const total = image.metadata.layers.length;
      const onProgress = hooks.onLayer ? (p: Parameters<NonNullable<ScanHooks["onLayer"]>>[0]) => hooks.onLayer!(p, total) : undefined;
      out.push(await analyzeImage(image, { analyzers, logger, ...(cache ? { cache } : {}), ...(memo ? { memo } : {}), verifiedFiles, limits, maxKeptBytes: options.maxLayerAnalyzedBytes, signal, tmpDir, ...(onProgress ? { onProgress } : {}) }));
    }
    return out;
  } finally {
    await source.close();
  }
}

/** How to open an image target (registry credentials, engine, limits) from the options and the hooks. */
export function imageTargetOptions(options: Partial<ImageReadOptions>, hooks: ScanHooks): TargetOptions {
  return {
    tmpDir: hooks.tmpDir,
    maxArchiveBytes: options.maxLayerBytes,
    logger: hooks.logger,
    signal: hooks.signal,
    username: options.username,
    password: options.password,
    insecure: options.insecure ?? false,
    dockerHost: options.dockerHost ?? hooks.dockerHost,
    dockerConfigDir: hooks.dockerConfigDir,
    timeoutMs: options.timeout,
    ...(hooks.registryGuard ? { guard: hooks.registryGuard } : {}),
    ...(hooks.registryAccess ? { access: hooks.registryAccess } : {}),
  };
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
