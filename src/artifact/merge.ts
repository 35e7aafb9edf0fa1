/**
 * Merge per-layer analyses into the image's final view: the file tree with whiteouts applied, and the
 * analyzer results whose files survive (a database rewritten by a later layer replaces the earlier one;
 * one deleted by a whiteout is gone).
 */
import type { AnalysisResult, PackageSet } from "../analyzer/types.js";
import type { LayerEvent } from "../layer/types.js";
import { FileTree } from "../layer/file-tree.js";
import type { ImageMetadata } from "../model/image.js";
import { layerWhere } from "./analyze-layer.js";
import { finalGaps } from "./gaps.js";
import type { CompactFile, FinalPackageSet, ImageAnalysis, LayerAnalysis, LayerSummary } from "./types.js";

function* layerEvents(a: LayerAnalysis): Generator<LayerEvent> {
  for (const path of a.opaques) yield { kind: "opaque", path };
  for (const path of a.whiteouts) yield { kind: "whiteout", path };
  for (const f of a.files) yield { kind: "entry", info: expand(f) };
}

function expand([path, type, size, mode, linkname]: CompactFile) {
  return { path, type, size, mode, uid: 0, gid: 0, linkname };
}

export function buildTree(analyses: readonly LayerAnalysis[]): FileTree {
  const tree = new FileTree();
  analyses.forEach((a, i) => tree.applyLayer(i, layerEvents(a)));
  return tree;
}

/**
 * Folds layers into the file tree as they arrive, in any order: each as soon as every layer below it is in.
 * What it keeps of a layer is its analysis without the file list (`files` is empty: the tree has them), so a
 * big image's lists are garbage while the next layers are still read instead of all held until the merge.
 */
export class TreeFolder {
  readonly tree = new FileTree();
  private readonly pending = new Map<number, LayerAnalysis>();
  private readonly folded: LayerAnalysis[] = [];
  private waiters: { count: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private failure: { err: unknown } | undefined;

  add(index: number, analysis: LayerAnalysis): void {
    this.pending.set(index, analysis);
    for (let a = this.pending.get(this.folded.length); a; a = this.pending.get(this.folded.length)) {
      this.pending.delete(this.folded.length);
      this.tree.applyLayer(this.folded.length, layerEvents(a));
      this.folded.push(a.files.length === 0 ? a : { ...a, files: [] });
    }
    const ready = this.waiters.filter((w) => w.count <= this.folded.length);
    this.waiters = this.waiters.filter((w) => w.count > this.folded.length);
    for (const w of ready) w.resolve();
  }

  /**
   * Resolves once at least `count` layers are folded: a reader waits before reading a layer far above the
   * lowest one still missing, so that the layers done meanwhile (and their file lists) do not pile up behind
   * a big one. Rejects with the failure given to `stop`.
   */
  whenFolded(count: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.err);
    if (count <= this.folded.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ count, resolve, reject }));
  }

  /** A layer failed: nothing more will be folded; whoever waits gets `err`. */
  stop(err: unknown): void {
    this.failure ??= { err };
    for (const w of this.waiters.splice(0)) w.reject(this.failure.err);
  }

  /** The layers folded so far, in order, without their file lists. */
  get analyses(): readonly LayerAnalysis[] {
    return this.folded;
  }
}

/** Results (per analyzer) whose source file is in the final tree as written by that same layer. */
export function survivingResults(tree: FileTree, analyses: readonly LayerAnalysis[]): ImageAnalysis["results"] {
  const out: ImageAnalysis["results"] = new Map();
  analyses.forEach((a, layerIndex) => {
    for (const [analyzer, result] of Object.entries(a.results)) {
      for (const path of resultPaths(result)) {
        if (tree.get(path)?.layer !== layerIndex) continue;
        const list = out.get(path) ?? [];
        out.set(path, [...list.filter((r) => r.analyzer !== analyzer), { analyzer, layerIndex, result }]);
      }
    }
  });
  return out;
}

/** The result's package sets read from `path` (indexed once per result: a layer may hold 10,000 manifests). */
function setsAt(index: Map<AnalysisResult, Map<string, PackageSet[]>>, result: AnalysisResult, path: string): PackageSet[] {
  let m = index.get(result);
  if (!m) {
    m = new Map();
    for (const set of result.packageSets ?? []) {
      const list = m.get(set.path);
      if (list) list.push(set);
      else m.set(set.path, [set]);
    }
    index.set(result, m);
  }
  return m.get(path) ?? [];
}

function resultPaths(r: AnalysisResult): Set<string> {
  const paths = new Set<string>();
  for (const o of r.os ?? []) paths.add(o.path);
  for (const s of r.packageSets ?? []) paths.add(s.path);
  return paths;
}

/** `tree`: the analyses' tree when it was built already (TreeFolder); their file lists are not read then. */
export function mergeAnalyses(metadata: ImageMetadata, analyses: readonly LayerAnalysis[], cached: readonly boolean[], tree = buildTree(analyses)): ImageAnalysis {
  const results = survivingResults(tree, analyses);
  const packageSets: FinalPackageSet[] = [];
  const byPath = new Map<AnalysisResult, Map<string, PackageSet[]>>();
  for (const [path, list] of results) {
    for (const { analyzer, layerIndex, result } of list) {
      for (const set of setsAt(byPath, result, path)) packageSets.push({ ...set, layerIndex, resultAnalyzer: analyzer });
    }
  }
  const layers: LayerSummary[] = metadata.layers.map((l, i) => ({
    ...l,
    entries: analyses[i]?.stats.entries ?? 0,
    uncompressedBytes: analyses[i]?.stats.bytes ?? 0,
    cached: cached[i] ?? false,
  }));
  return {
    metadata,
    layers,
    packageSets,
    fileCount: tree.size,
    warnings: analyses.flatMap((a) => a.warnings),
    gaps: imageGaps(metadata, tree, analyses),
    layerAnalyses: [...analyses],
    results,
    tree,
  };
}

/** Gaps named by layer for an image; by the directory for a directory's pseudo-layer (no layers). */
function imageGaps(metadata: ImageMetadata, tree: FileTree, analyses: readonly LayerAnalysis[]): ImageAnalysis["gaps"] {
  const layer = (i: number) => {
    const l = metadata.layers[i];
    return l ? { index: l.index, diffId: l.diffId } : undefined;
  };
  const where = (i: number) => {
    const l = layer(i);
    return l ? layerWhere(l.index, l.diffId) : metadata.name;
  };
  return finalGaps(tree, analyses, where, layer);
}
