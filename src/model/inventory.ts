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

export interface Inventory {
  target: InventoryTarget;
  os?: OSInfo;
  packages: Package[];
  layers: LayerRef[];
  warnings: string[];
}
