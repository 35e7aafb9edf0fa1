/** Filters and ordering that apply after matching: severity, fix status, package class, dev-only packages, sort order. */
import type { FindingStatus, ScanReport, Severity, VulnerabilityFinding } from "../model/finding.js";
import { severities } from "../model/finding.js";
import type { PackageClass } from "../model/package.js";
import { riskScore } from "./risk.js";

/** `--sort`: the order of findings in each target. */
export type SortOrder = "severity" | "risk" | "package";
export const sortOrders: readonly SortOrder[] = ["severity", "risk", "package"];

export interface FilterOptions {
  severities?: readonly Severity[];
  ignoreUnfixed?: boolean;
  ignoreStatuses?: readonly FindingStatus[];
  pkgClasses?: readonly PackageClass[];
  /** Keep the findings of dev-only packages (lockfiles); by default they are left out, as Trivy does. */
  includeDevDeps?: boolean;
  sort?: SortOrder;
}

export function filterFindings(findings: readonly VulnerabilityFinding[], o: FilterOptions): VulnerabilityFinding[] {
  return findings.filter((f) => {
    if (o.severities && !o.severities.includes(f.severity)) return false;
    if (o.ignoreUnfixed && f.fixedVersions.length === 0) return false;
    if (o.ignoreStatuses?.includes(f.status)) return false;
    if (o.pkgClasses && !o.pkgClasses.includes(f.package.class)) return false;
    if (f.package.dev && !o.includeDevDeps) return false;
    return true;
  });
}

const sevRank = (s: Severity) => severities.indexOf(s);

export function sortFindings(findings: VulnerabilityFinding[], how: FilterOptions["sort"] = "severity"): VulnerabilityFinding[] {
  for (const f of findings) f.riskScore ??= riskScore(f);
  const byPkg = (a: VulnerabilityFinding, b: VulnerabilityFinding) => a.package.name.localeCompare(b.package.name) || a.id.localeCompare(b.id);
  if (how === "risk") return findings.sort((a, b) => b.riskScore! - a.riskScore! || byPkg(a, b));
  if (how === "package") return findings.sort((a, b) => byPkg(a, b) || sevRank(a.severity) - sevRank(b.severity));
  return findings.sort((a, b) => sevRank(a.severity) - sevRank(b.severity) || byPkg(a, b));
}

/** Findings that count for --exit-code: everything left after filters, minus suppressed ones. */
export function failingFindings(report: ScanReport): number {
  let n = 0;
  for (const t of report.targets) {
    for (const list of [t.vulnerabilities, t.misconfigurations, t.secrets, t.licenses] as { suppressed?: unknown }[][]) {
      n += list.filter((f) => !f.suppressed).length;
    }
  }
  return n;
}
