/**
 * The comparison itself, a pure function of two sides: packages added, removed and changed (a key present
 * on both sides with other versions), vulnerabilities new and resolved (an id + package present on one side
 * only; the same vulnerability of the same package at another version is unchanged).
 */
import { severities, type Severity } from "../model/finding.js";
import { dredgeTool } from "../version.js";
import type { DiffSide } from "./side.js";
import type { ChangedPackage, DiffPackage, DiffSummary, DiffVulnerability, ImageDiff, SeverityCounts } from "./types.js";

export interface CompareOptions {
  /** The severities whose new findings count for the gate (`--exit-code`); default all. */
  gate?: readonly Severity[];
  warnings?: readonly string[];
  now?: Date;
}

const text = (s: string | undefined) => s ?? "";
const byPackage = (a: { type: string; namespace?: string; name: string }, b: { type: string; namespace?: string; name: string }): number =>
  a.type.localeCompare(b.type) || text(a.namespace).localeCompare(text(b.namespace)) || a.name.localeCompare(b.name);
const byVulnerability = (a: DiffVulnerability, b: DiffVulnerability): number =>
  severities.indexOf(a.severity) - severities.indexOf(b.severity) || a.id.localeCompare(b.id) || byPackage(a.package, b.package);

const sameVersions = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** `--severity` of a comparison: one level is that level and every level above it; a list is taken as it is. */
export function severitiesAtOrAbove(list: readonly Severity[]): Severity[] {
  if (list.length !== 1) return [...list];
  return severities.slice(0, severities.indexOf(list[0]!) + 1);
}

export function countBySeverity(list: readonly { severity: Severity }[]): SeverityCounts {
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as SeverityCounts;
  for (const v of list) counts[v.severity]++;
  return counts;
}

function comparePackages(old: DiffSide, next: DiffSide) {
  const added: DiffPackage[] = [];
  const removed: DiffPackage[] = [];
  const changed: ChangedPackage[] = [];
  let unchanged = 0;
  for (const [key, p] of next.packages) {
    const before = old.packages.get(key);
    if (!before) added.push(p);
    else if (sameVersions(before.versions, p.versions)) unchanged++;
    else {
      const { versions, ...rest } = p;
      changed.push({ ...rest, oldVersions: before.versions, newVersions: versions });
    }
  }
  for (const [key, p] of old.packages) if (!next.packages.has(key)) removed.push(p);
  return { added: added.sort(byPackage), removed: removed.sort(byPackage), changed: changed.sort(byPackage), unchanged };
}

function compareVulnerabilities(old: DiffSide, next: DiffSide) {
  const fresh = [...next.vulnerabilities].filter(([key]) => !old.vulnerabilities.has(key)).map(([, v]) => v);
  const resolved = [...old.vulnerabilities].filter(([key]) => !next.vulnerabilities.has(key)).map(([, v]) => v);
  const unchanged = next.vulnerabilities.size - fresh.length;
  return { new: fresh.sort(byVulnerability), resolved: resolved.sort(byVulnerability), unchanged };
}

/** The diff of `old` → `next`. */
export function compareSides(old: DiffSide, next: DiffSide, options: CompareOptions = {}): ImageDiff {
  const packages = comparePackages(old, next);
  const vulns = compareVulnerabilities(old, next);
  const gate = [...(options.gate ?? severities)];
  const summary: DiffSummary = {
    packages: { added: packages.added.length, removed: packages.removed.length, changed: packages.changed.length, unchanged: packages.unchanged },
    vulnerabilities: {
      new: vulns.new.length, resolved: vulns.resolved.length, unchanged: vulns.unchanged,
      newBySeverity: countBySeverity(vulns.new), resolvedBySeverity: countBySeverity(vulns.resolved),
    },
  };
  const [before, after] = [old.info.policy, next.info.policy];
  if (before || after) summary.policy = { ...(before ? { old: before } : {}), ...(after ? { new: after } : {}), changed: before !== after };
  return {
    schemaVersion: 1,
    createdAt: (options.now ?? new Date()).toISOString(),
    tool: dredgeTool(),
    old: old.info,
    new: next.info,
    summary,
    packages: { added: packages.added, removed: packages.removed, changed: packages.changed },
    vulnerabilities: { new: vulns.new, resolved: vulns.resolved },
    gate: { severities: gate, newFindings: vulns.new.filter((v) => gate.includes(v.severity)).length },
    warnings: [...(options.warnings ?? [])],
  };
}
