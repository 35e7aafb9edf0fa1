/** Severity helpers shared by the writers: order, counts, CVSS-like scores. */
import { severities, type CvssScore, type Severity, type VulnerabilityFinding } from "../../model/finding.js";

/** 0 = most severe. */
export function severityRank(s: Severity): number {
  return severities.indexOf(s);
}

export function bySeverity<T extends { severity: Severity }>(a: T, b: T): number {
  return severityRank(a.severity) - severityRank(b.severity);
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(items: readonly { severity: Severity }[]): SeverityCounts {
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as SeverityCounts;
  for (const i of items) counts[i.severity]++;
  return counts;
}

/** `Total: 3 (CRITICAL: 1, HIGH: 2, …)`; NEGLIGIBLE only when present. */
export function countsLine(counts: SeverityCounts): string {
  const total = severities.reduce((n, s) => n + counts[s], 0);
  const parts = severities.filter((s) => s !== "NEGLIGIBLE" || counts[s] > 0).map((s) => `${s}: ${counts[s]}`);
  return `Total: ${total} (${parts.join(", ")})`;
}

/** A representative score for a severity when no CVSS score applies (midpoints of the CVSS v3 bands). */
const severityScore: Record<Severity, number> = { CRITICAL: 9.5, HIGH: 8.0, MEDIUM: 5.5, LOW: 2.0, NEGLIGIBLE: 0.1, UNKNOWN: 0.0 };

const versionRank = (v: CvssScore["version"]): number => ["2.0", "3.0", "3.1", "4.0"].indexOf(v);

/** The newest CVSS score of the source the severity came from, else the severity's band midpoint. */
export function vulnerabilityScore(v: VulnerabilityFinding): number {
  const fromSource = v.cvss
    .filter((c) => c.source === v.severitySource && c.version !== "2.0")
    .sort((a, b) => versionRank(b.version) - versionRank(a.version))[0];
  return fromSource ? fromSource.baseScore : severityScore[v.severity];
}

export function severityFallbackScore(s: Severity): number {
  return severityScore[s];
}

/** CVSS v3/v4 qualitative rating of a score. */
export function scoreSeverity(score: number): "critical" | "high" | "medium" | "low" | "none" {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "none";
}
