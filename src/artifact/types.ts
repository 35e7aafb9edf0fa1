/** What analysing an image produces: per-layer analyses (cached) and their merge. */
import type { AnalysisResult, PackageSet } from "../analyzer/types.js";
import type { Digest, ImageMetadata, LayerRef } from "../model/image.js";
import type { InventoryGap, InventoryGapKind } from "../model/inventory.js";
import type { OSInfo } from "../model/package.js";
import type { FileTree } from "../layer/file-tree.js";
import type { FileType } from "../layer/types.js";

/** A file of a layer in compact form: [path, type, size, mode, linkname]. */
export type CompactFile = [path: string, type: FileType, size: number, mode: number, linkname?: string];

/** The cacheable result of reading one layer. Depends only on the layer's content and the analyzers. */
export interface LayerAnalysis {
  schema: 1;
  diffId: Digest;
  files: CompactFile[];
  whiteouts: string[];
  opaques: string[];
  /** Results per analyzer id. */
  results: Record<string, AnalysisResult>;
  warnings: string[];
  stats: { entries: number; bytes: number; skipped: number };
  /** Files an inventory analyzer wanted but that were not read (src/artifact/gaps.ts). */
  gaps?: LayerGap[];
}

/** Files of one layer left unread for one reason: every path (the merge keeps those that survive). */
export interface LayerGap {
  kind: InventoryGapKind;
  limit: number;
  paths: string[];
}

export interface LayerSummary extends LayerRef {
  entries: number;
  uncompressedBytes: number;
  cached: boolean;
}

/** A package set found in the final filesystem, with the layer its file came from. */
export interface FinalPackageSet extends PackageSet {
  layerIndex: number;
  /** The analyzer whose layer result holds the set (`analyzer` may name a sub-analyzer, as dpkg-info). */
  resultAnalyzer: string;
}

export interface ImageAnalysis {
  metadata: ImageMetadata;
  layers: LayerSummary[];
  os?: OSInfo;
  packageSets: FinalPackageSet[];
  /** Regular files, dirs, links… in the merged filesystem. */
  fileCount: number;
  warnings: string[];
  /** Unread files still in the merged filesystem: packages may be missing. */
  gaps: InventoryGap[];
  /** Per-layer analyses, in order (for attribution and secret scanning of deleted files). */
  layerAnalyses: LayerAnalysis[];
  /** Merged result per analyzer, path → [layerIndex, result] for files that survive. */
  results: Map<string, { analyzer: string; layerIndex: number; result: AnalysisResult }[]>;
  /** The merged filesystem. */
  tree: FileTree;
}
