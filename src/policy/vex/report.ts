/** Applies VEX documents to the vulnerabilities of every target of a scan report. */
import type { ScanReport } from "../../model/finding.js";
import { applyVex, type ApplyVexOptions } from "./apply.js";
import type { VexDocument } from "./types.js";

export function applyVexToReport(
  report: ScanReport,
  docs: readonly VexDocument[],
  options: ApplyVexOptions = {},
): { report: ScanReport; warnings: string[] } {
  const targets = report.targets.map((t) => ({ ...t, vulnerabilities: applyVex(t.vulnerabilities, docs, options).findings }));
  return { report: { ...report, targets }, warnings: docs.flatMap((d) => d.warnings) };
}
