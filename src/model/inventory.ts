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
}

export interface Inventory {
  target: InventoryTarget;
  os?: OSInfo;
  packages: Package[];
  layers: LayerRef[];
  warnings: string[];
}
