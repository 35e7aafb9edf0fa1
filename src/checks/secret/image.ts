/** Glue for an analysed image: the secret analyzer's per-layer results → findings placed on their layers. */
import type { SecretFinding } from "../../model/finding.js";
import type { LayerRef } from "../../model/image.js";
import type { LayerAnalysis } from "../../artifact/types.js";
import type { FileTree } from "../../layer/file-tree.js";
import { SECRET_ANALYZER_ID, placeSecrets, type SecretAnalysisResult } from "./analyzer.js";

/**
 * `layers[i]` and `analyses[i]` describe the same layer; `tree` is the merged filesystem (artifact/merge.ts
 * buildTree). A finding whose file is not in the final tree as written by its layer is marked
 * `deletedInLaterLayer` (deleted, hidden by an opaque directory, or replaced by a later layer).
 */
export function imageLayerSecrets(layers: readonly LayerRef[], analyses: readonly LayerAnalysis[], tree: FileTree): SecretFinding[] {
  return placeSecrets(
    layers.map((l, i) => ({
      layer: { index: l.index, diffId: l.diffId, ...(l.digest ? { digest: l.digest } : {}), ...(l.createdBy ? { createdBy: l.createdBy } : {}) },
      secrets: (analyses[i]?.results[SECRET_ANALYZER_ID] as SecretAnalysisResult | undefined)?.secrets ?? [],
    })),
    (path, layerIndex) => tree.get(path)?.layer === layerIndex,
  );
}
