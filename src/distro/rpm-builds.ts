/**
 * Range qualifiers (db/model.ts `RangeQualifiers`) against an installed rpm: which of a record's ranges are
 * about this build of the package. Oracle's ELSA ranges name CPU architectures, module streams and Ksplice
 * builds; a record none of whose ranges fits the package does not apply to it.
 */
import type { AffectedRecord, VersionRange } from "../db/model.js";
import type { Package } from "../model/package.js";

const isKsplice = (p: Package): boolean => /ksplice/i.test(p.release ?? "");

function fits(range: VersionRange, pkg: Package, unqualifiedKsplice: boolean): boolean {
  const q = range.qualifiers;
  // A Ksplice build and an ordinary build of the same name never answer for each other.
  if ((q?.ksplice === true) !== isKsplice(pkg) && (q?.ksplice === true || !unqualifiedKsplice)) return false;
  if (q?.arch?.length && pkg.arch && pkg.arch !== "noarch" && !q.arch.includes(pkg.arch)) return false;
  if (q?.module) {
    const label = pkg.modularityLabel;
    if (label && !label.startsWith(`${q.module}:`)) return false;
    if (!label && !/\.module[+_]/.test(pkg.release ?? "")) return false;
  }
  return true;
}

/**
 * The record restricted to the ranges that fit the package (fixed versions recomputed from them), or
 * undefined when it has ranges and none fits. `unqualifiedKsplice`: whether a range without qualifiers
 * may match a Ksplice build (Oracle: no).
 */
export function narrowToBuild(record: AffectedRecord, pkg: Package, unqualifiedKsplice = false): AffectedRecord | undefined {
  if (record.ranges.length === 0) return record;
  const kept = record.ranges.filter((r) => fits(r, pkg, unqualifiedKsplice));
  if (kept.length === record.ranges.length) return record;
  if (kept.length === 0) return undefined;
  const fixed = new Set(kept.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))));
  return { ...record, ranges: kept, fixedVersions: record.fixedVersions.filter((f) => fixed.has(f)) };
}
