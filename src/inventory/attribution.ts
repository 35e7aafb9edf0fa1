/**
 * Which layer brought each package in: the first layer whose copy of the same database (or manifest) lists
 * the package at the version present in the final image. A package upgraded in a later layer is
 * attributed to the layer that installed the version present.
 */
import type { LayerAnalysis } from "../artifact/types.js";
import type { LayerRef } from "../model/image.js";
import type { LayerOrigin, Package } from "../model/package.js";

const identity = (p: Package): string => `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.arch ?? ""}`;

/** path → identities per layer index, for the package sets of one analyzer. */
function indexByLayer(analyses: readonly LayerAnalysis[], analyzer: string, path: string): Set<string>[] {
  return analyses.map((a) => {
    const s = new Set<string>();
    for (const set of a.results[analyzer]?.packageSets ?? []) if (set.path === path) for (const p of set.packages) s.add(identity(p));
    return s;
  });
}

export function layerOrigin(layer: LayerRef): LayerOrigin {
  return { index: layer.index, diffId: layer.diffId, digest: layer.digest, createdBy: layer.createdBy };
}

/**
 * Sets `layer` on each package of a final package set found at `finalLayer`. The search goes back
 * through earlier layers while each still lists the package unchanged.
 */
export function attributeLayers(
  packages: readonly Package[],
  analyzer: string,
  path: string,
  finalLayer: number,
  analyses: readonly LayerAnalysis[],
  layers: readonly LayerRef[],
): Package[] {
  if (layers.length === 0) return packages.slice();
  const perLayer = indexByLayer(analyses, analyzer, path);
  return packages.map((p) => {
    const id = identity(p);
    let first = finalLayer;
    for (let i = finalLayer - 1; i >= 0; i--) {
      const listed = perLayer[i]!;
      if (listed.has(id)) first = i;
      else if (listed.size > 0) break; // the database existed without this package: installed later
    }
    const layer = layers[first];
    return layer ? { ...p, layer: layerOrigin(layer), locations: p.locations.map((l) => ({ ...l, layer: layerOrigin(layers[finalLayer] ?? layer) })) } : p;
  });
}
