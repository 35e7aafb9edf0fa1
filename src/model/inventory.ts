/** The inventory of one image or directory: what SBOMs are written from and what matchers read. */
import type { LayerRef, Platform, SourceKind } from "./image.js";
import type { OSInfo, Package } from "./package.js";

export interface InventoryTarget {
  name: string;
  source: SourceKind;
  repoTags: string[];
  repoDigests: string[];
  manifestDigest?: string;
  imageId?: string;
  platform?: Platform;
  created?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /**
   * The packages come from a document (an SBOM) that Dredge could not check against the image's bytes:
   * nothing of it is verified, and nothing of it enters the layer cache.
   */
  unverified?: true;
}

/**
 * Why files an OS or language package analyzer wanted were not read: one over a size limit (a package
 * database over the 256 MiB analysis limit, a manifest over its analyzer's limit), or past the layer's
 * analysis budget. Packages may then be missing: an image must not hide them by making its files large.
 */
export type InventoryGapKind = "file-over-limit" | "layer-budget";

export interface InventoryGap {
  kind: InventoryGapKind;
  /** The image layer the files are in (absent for a directory). */
  layer?: { index: number; diffId: string };
  /** The files left unread that are still in the final filesystem (the first few when there are many). */
  paths: string[];
  /** How many such files in all. */
  files: number;
  /** The limit in bytes they passed. */
  limit: number;
  /** The same for people: what was skipped, where and why. */
  message: string;
}

export interface Inventory {
  target: InventoryTarget;
  os?: OSInfo;
  packages: Package[];
  layers: LayerRef[];
  warnings: string[];
  /** Present (non-empty) when packages may be missing: see InventoryGap. */
  incomplete?: InventoryGap[];
}
