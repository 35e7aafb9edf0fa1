/**
 * Which layer brought each package in: the first layer whose copy of the same database (or manifest) lists
 * the package at the version present in the final image. A package upgraded in a later layer is
 * attributed to the layer that installed the version present.
 */
import type { LayerAnalysis } from "../artifact/types.js";
import type { LayerRef } from "../model/image.js";
import type { LayerOrigin, Package } from "../model/package.js";

const identity = (p: Package): string => `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.arch ?? ""}`;

const NONE: ReadonlySet<string> = new Set();

/**
 * The identities each layer lists per analyzer and file, indexed once per analyzer on first use (an image
 * may hold 10,000 manifests: scanning every set for every set would be quadratic).
 */
export class LayerListings {
  private readonly byAnalyzer = new Map<string, Map<string, Set<string>>[]>();
  /** One origin object per layer, shared by the packages of that layer (they are never mutated). */
  readonly origins: readonly LayerOrigin[];

  constructor(
    private readonly analyses: readonly LayerAnalysis[],
    readonly layers: readonly LayerRef[],
  ) {
    this.origins = layers.map(layerOrigin);
  }

  /** Per layer index: the identities `analyzer` read from `path` in that layer (empty when none). */
  of(analyzer: string, path: string): ReadonlySet<string>[] {
    let perLayer = this.byAnalyzer.get(analyzer);
    if (!perLayer) {
      perLayer = this.analyses.map((a) => indexSets(a, analyzer));
      this.byAnalyzer.set(analyzer, perLayer);
    }
    return perLayer.map((m) => m.get(path) ?? NONE);
  }
}

function indexSets(a: LayerAnalysis, analyzer: string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const set of a.results[analyzer]?.packageSets ?? []) {
    let s = m.get(set.path);
    if (!s) m.set(set.path, (s = new Set()));
    for (const p of set.packages) s.add(identity(p));
  }
  return m;
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
  listings: LayerListings,
): Package[] {
  const origins = listings.origins;
  if (origins.length === 0) return packages.slice();
  const perLayer = listings.of(analyzer, path);
  return packages.map((p) => {
    const id = identity(p);
    let first = finalLayer;
    for (let i = finalLayer - 1; i >= 0; i--) {
      const listed = perLayer[i]!;
      if (listed.has(id)) first = i;
      else if (listed.size > 0) break; // the database existed without this package: installed later
    }
    const layer = origins[first];
    if (!layer) return p;
    const at = origins[finalLayer] ?? layer;
    return { ...p, layer, locations: p.locations.map((l) => ({ ...l, layer: at })) };
  });
}
