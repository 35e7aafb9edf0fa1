/**
 * The per-layer analysis budget: analyzers that see a layer's files together (dpkg, rpm, apk, OS release,
 * go.mod, config files) get their files' content at the end of the layer, so it stays in memory until then.
 * Eight 250 MB dpkg `info/*.list` files in a 2 MB layer would take 2 GB; past the budget, files are skipped
 * for those analyzers (per-file analyzers still read them), with one warning naming them, and the inventory
 * is marked incomplete when a package analyzer lost one.
 */
import type { Analyzer } from "../analyzer/types.js";
import type { FileInfo } from "../layer/types.js";
import { isInventoryAnalyzer, listPaths, recordGap, sizeText } from "./gaps.js";
import type { LayerAnalysis } from "./types.js";

/**
 * Default budget: a big image's whole dpkg info set is tens of MB and its rpm database at most a few hundred
 * (one file is capped at 256 MiB anyway), so real layers stay well under it.
 */
export const DEFAULT_MAX_KEPT_BYTES = 512 * 1024 * 1024;

const keepsContent = (a: Analyzer): boolean => a.perFile !== true;

export class LayerBudget {
  private kept = 0;
  private readonly skipped: string[] = [];

  constructor(readonly max: number) {}

  /** The analyzers that get the file: those that keep content until the layer ends lose it past the budget. */
  admit(takers: readonly Analyzer[], info: FileInfo, out: LayerAnalysis): readonly Analyzer[] {
    const keepers = takers.filter(keepsContent);
    if (keepers.length === 0 || this.kept + info.size <= this.max) return takers;
    this.skipped.push(info.path);
    out.stats.skipped++;
    if (keepers.some(isInventoryAnalyzer)) recordGap(out, "layer-budget", this.max, info.path);
    return takers.filter((a) => !keepsContent(a));
  }

  /** Counts content read for `takers` when one of them keeps it until the layer ends. */
  keep(takers: readonly Analyzer[], bytes: number): void {
    if (takers.some(keepsContent)) this.kept += bytes;
  }

  /** One warning for the layer naming the skipped files, if any. */
  warning(where: string): string | undefined {
    const n = this.skipped.length;
    if (n === 0) return undefined;
    return `${where}: ${n === 1 ? "1 file" : `${n} files`} skipped, past the layer's ${sizeText(this.max)} analysis budget (--max-layer-analyzed-bytes): ${listPaths(this.skipped)}`;
  }
}
