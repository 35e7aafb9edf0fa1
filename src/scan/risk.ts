/**
 * The risk score behind `--sort risk` (0–100, documented in docs/scanning.md):
 *   base   = the highest CVSS base score, or the severity's midpoint when there is none
 *            (CRITICAL 9.5, HIGH 8, MEDIUM 5.5, LOW 2.5, NEGLIGIBLE 0.5, UNKNOWN 5)
 *   risk   = base × 10 × (0.5 + 0.5 × EPSS probability) × (KEV ? 2 : 1) × (no fix available ? 0.9 : 1)
 * capped at 100. Known exploitation (KEV) doubles it; a likely exploit (EPSS) raises it up to 2×.
 */
import type { Severity, VulnerabilityFinding } from "../model/finding.js";
import { maxOf } from "../util/array.js";

const midpoint: Record<Severity, number> = { CRITICAL: 9.5, HIGH: 8, MEDIUM: 5.5, LOW: 2.5, NEGLIGIBLE: 0.5, UNKNOWN: 5 };

export function riskScore(f: VulnerabilityFinding): number {
  const cvss = f.cvss.length ? maxOf(f.cvss.map((c) => c.baseScore)) : undefined;
  const base = cvss ?? midpoint[f.severity];
  const epss = f.epss?.score ?? 0;
  const risk = base * 10 * (0.5 + 0.5 * epss) * (f.kev ? 2 : 1) * (f.fixedVersions.length ? 1 : 0.9);
  return Math.min(100, Math.round(risk * 10) / 10);
}
