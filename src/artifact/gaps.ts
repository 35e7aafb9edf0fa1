/**
 * Files an OS or language package analyzer wanted but that were not read: over a size limit, or past the
 * layer's analysis budget. Recorded per layer (and cached with it), then kept at the merge when the file is
 * still in the final filesystem: the inventory is then marked incomplete (Inventory.incomplete).
 */
import type { Analyzer } from "../analyzer/types.js";
import type { FileTree } from "../layer/file-tree.js";
import type { InventoryGap, InventoryGapKind } from "../model/inventory.js";
import type { LayerAnalysis, LayerGap } from "./types.js";

/** Paths named in a gap's message and in reports; the count says how many there are in all. */
export const GAP_EXAMPLES = 5;

/** Whether the analyzer's results are part of the inventory (not secrets or misconfigurations). */
export const isInventoryAnalyzer = (a: Analyzer): boolean => a.inventory !== false;

export function recordGap(out: LayerAnalysis, kind: InventoryGapKind, limit: number, path: string): void {
  const gaps = (out.gaps ??= []);
  const gap = gaps.find((g) => g.kind === kind && g.limit === limit);
  if (gap) gap.paths.push(path);
  else gaps.push({ kind, limit, paths: [path] });
}

/** `256 MiB` for whole MiB, else bytes. */
export function sizeText(n: number): string {
  const mib = 1024 * 1024;
  return n % mib === 0 ? `${n / mib} MiB` : `${n} bytes`;
}

export function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, GAP_EXAMPLES).join(", ");
  return paths.length > GAP_EXAMPLES ? `${shown}, … (${paths.length - GAP_EXAMPLES} more)` : shown;
}

const why: Record<InventoryGapKind, (limit: number) => string> = {
  "file-over-limit": (limit) => `over the ${sizeText(limit)} analysis limit`,
  "layer-budget": (limit) => `past the layer's ${sizeText(limit)} analysis budget (--max-layer-analyzed-bytes)`,
};

export function gapMessage(where: string, kind: InventoryGapKind, limit: number, paths: readonly string[]): string {
  const files = paths.length === 1 ? "1 file" : `${paths.length} files`;
  return `${where}: ${files} not analysed, ${why[kind](limit)}: ${listPaths(paths)}; packages may be missing from the inventory`;
}

/**
 * The gaps whose files survive in the merged filesystem (a database replaced or deleted by a later layer
 * leaves no gap). `where(i)` names layer i in messages; `layer(i)` identifies it (undefined for a directory).
 */
export function finalGaps(
  tree: FileTree,
  analyses: readonly LayerAnalysis[],
  where: (i: number) => string,
  layer: (i: number) => InventoryGap["layer"],
): InventoryGap[] {
  const out: InventoryGap[] = [];
  analyses.forEach((a, i) => {
    for (const g of a.gaps ?? []) {
      const kept = surviving(g, tree, i, where, layer);
      if (kept) out.push(kept);
    }
  });
  return out;
}

function surviving(g: LayerGap, tree: FileTree, i: number, where: (i: number) => string, layer: (i: number) => InventoryGap["layer"]): InventoryGap | undefined {
  const paths = g.paths.filter((p) => tree.get(p)?.layer === i);
  if (paths.length === 0) return undefined;
  const l = layer(i);
  return {
    kind: g.kind,
    ...(l ? { layer: l } : {}),
    paths: paths.slice(0, GAP_EXAMPLES),
    files: paths.length,
    limit: g.limit,
    message: gapMessage(where(i), g.kind, g.limit, paths),
  };
}
