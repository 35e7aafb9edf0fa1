/**
 * The order of vulnerabilities (`--sort`): the pipeline sorts each target's list with `vulnComparator`, and
 * the human formats keep the report's order (`ScanReport.sortedBy`) instead of re-sorting by severity.
 */
import type { FindingOrder, ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import { bySeverity } from "./severity.js";

type Compare = (a: VulnerabilityFinding, b: VulnerabilityFinding) => number;

const byPackage: Compare = (a, b) => a.package.name.localeCompare(b.package.name) || a.id.localeCompare(b.id);

/** risk: highest `riskScore` first; package: by name then id; severity: most severe first. Ties by package. */
export function vulnComparator(order: FindingOrder = "severity"): Compare {
  if (order === "risk") return (a, b) => (b.riskScore ?? 0) - (a.riskScore ?? 0) || byPackage(a, b);
  if (order === "package") return (a, b) => byPackage(a, b) || bySeverity(a, b);
  return (a, b) => bySeverity(a, b) || byPackage(a, b);
}

/** Whether the report's vulnerabilities are in an order other than by severity, which writers keep. */
export const keepsOrder = (report: Pick<ScanReport, "sortedBy">): boolean => report.sortedBy !== undefined && report.sortedBy !== "severity";

/**
 * Vulnerabilities in the order a human format shows them: the report's own (`--sort risk|package`) or by
 * severity. `items` from one target keep their order; rows merged from several targets (a layer's) are
 * sorted again with the report's comparator.
 */
export function inReportOrder<T>(report: Pick<ScanReport, "sortedBy">, items: T[], vuln: (item: T) => VulnerabilityFinding, merged = false): T[] {
  if (!keepsOrder(report)) return items.sort((a, b) => bySeverity(vuln(a), vuln(b)));
  if (!merged) return items;
  const compare = vulnComparator(report.sortedBy);
  return items.sort((a, b) => compare(vuln(a), vuln(b)));
}
