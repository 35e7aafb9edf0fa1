/** Input of the image rules: the image's metadata and its final file list. */
import type { ImageMetadata } from "../../../model/image.js";
import type { LayerOrigin } from "../../../model/package.js";
import type { FileType } from "../../../layer/types.js";
import type { Rule } from "../types.js";

/** One entry of the merged (final) filesystem, with the layer that holds it (0 = first layer). */
export interface ImageFileEntry {
  path: string;
  type: FileType;
  mode: number;
  size: number;
  layerIndex: number;
}

export interface ImageScanInput {
  metadata: ImageMetadata;
  files: readonly ImageFileEntry[];
  /** How many leading layers belong to the base image (from base annotations or --base-image); default 1. */
  baseLayers?: number;
}

export type ImageRule = Rule<ImageScanInput>;

export function layerOrigin(input: ImageScanInput, index: number): LayerOrigin | undefined {
  const l = input.metadata.layers[index];
  if (!l) return undefined;
  return { index: l.index, diffId: l.diffId, ...(l.digest ? { digest: l.digest } : {}), ...(l.createdBy ? { createdBy: l.createdBy } : {}) };
}

export const CONFIG_PATH = "image config";
