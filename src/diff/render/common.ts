/** Helpers the diff's writers share: labels of sides, packages and versions, counts lines. */
import { severities, type Severity } from "../../model/finding.js";
import type { DiffSideInfo, DiffVulnerability, ImageDiff, SeverityCounts } from "../types.js";

/** Rows shown per section in the human formats; the JSON output has them all. */
export const MAX_ROWS = 100;

export const versionsText = (versions: readonly string[]): string => (versions.length ? versions.join(", ") : "—");

/** `image, debian 12, sha256:abcd…` */
export function sideDetails(s: DiffSideInfo): string {
  const parts: string[] = [s.kind];
  if (s.os) parts.push(s.os);
  if (s.digest) parts.push(s.digest.slice(0, 19));
  if (!s.packagesListed) parts.push("vulnerable packages only");
  return parts.join(", ");
}

/** `CRITICAL: 1, HIGH: 2` (only severities present), or "" when none. */
export function severityParts(counts: SeverityCounts, format: (s: Severity, n: number) => string = (s, n) => `${s}: ${n}`): string[] {
  return severities.filter((s) => counts[s] > 0).map((s) => format(s, counts[s]));
}

/** The one-line verdict change, or undefined without a policy. */
export function policyLine(d: ImageDiff): string | undefined {
  const p = d.summary.policy;
  if (!p) return undefined;
  const shown = (a: string | undefined) => a ?? "(not evaluated)";
  return p.changed ? `${shown(p.old)} → ${shown(p.new)}` : `${shown(p.new)} (unchanged)`;
}

export const fixedText = (v: DiffVulnerability): string => (v.fixedVersions.length ? v.fixedVersions.join(", ") : v.status === "fixed" ? "" : v.status.replace(/_/g, " "));

/** The rows of a section, capped at MAX_ROWS; `more` counts the rest. */
export function capped<T>(items: readonly T[], max = MAX_ROWS): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
