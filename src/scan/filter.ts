/** Filters and ordering that apply after matching: severity, fix status, package class, dev-only packages, sort order. */
import type { FindingOrder, FindingStatus, ScanReport, Severity, VulnerabilityFinding } from "../model/finding.js";
import { findingOrders } from "../model/finding.js";
import type { PackageClass } from "../model/package.js";
import { vulnComparator } from "../report/common/order.js";
import { riskScore } from "./risk.js";

/** `--sort`: the order of findings in each target (the report carries it as `sortedBy`). */
export type SortOrder = FindingOrder;
export const sortOrders: readonly SortOrder[] = findingOrders;

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

export function sortFindings(findings: VulnerabilityFinding[], how: FilterOptions["sort"] = "severity"): VulnerabilityFinding[] {
  for (const f of findings) f.riskScore ??= riskScore(f);
  return findings.sort(vulnComparator(how));
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
