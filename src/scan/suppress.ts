/** Ignore files and VEX documents, applied inside the pipeline: findings they cover are marked suppressed. */
import type { ScanReport } from "../model/finding.js";
import { applyIgnoresToReport, applyVexToReport, loadIgnoreFile, loadVex } from "../policy/index.js";
import type { ScanOptions } from "./options.js";

export function applySuppressions(report: ScanReport, options: Pick<ScanOptions, "ignorefile" | "vex">, now = new Date()): ScanReport {
  let out = report;
  if (options.ignorefile) {
    const r = applyIgnoresToReport(out, loadIgnoreFile(options.ignorefile), now);
    out = { ...r.report, warnings: [...r.report.warnings, ...r.warnings] };
  }
  if (options.vex.length) {
    const docs = options.vex.map((f) => loadVex(f));
    const r = applyVexToReport(out, docs);
    out = { ...r.report, warnings: [...r.report.warnings, ...r.warnings, ...docs.flatMap((d) => d.warnings)] };
  }
  return out;
}
