/** Dredge's own JSON report: the whole ScanReport, keys in the documented order (docs/reports.md). */
import type { ScanReport } from "../../model/finding.js";
import type { MultiReport, Reporter } from "../types.js";
import { jsonText, writeText } from "../common/write.js";
import { ordered, reportShape } from "./order.js";

/** The JSON report schema version this writer produces (ScanReport.schemaVersion). */
export const JSON_SCHEMA_VERSION = 1;

export function jsonReport(report: ScanReport): unknown {
  return ordered({ ...report, schemaVersion: report.schemaVersion || JSON_SCHEMA_VERSION }, reportShape);
}

/** Several reports (docs/reports.md, "Several images"): `{ schemaVersion, reports }`, each report as above (reports-v1.schema.json). */
export function jsonReports(multi: MultiReport): unknown {
  return { schemaVersion: JSON_SCHEMA_VERSION, reports: multi.reports.map(jsonReport) };
}

export const jsonReporter: Reporter = {
  format: "json",
  mediaType: "application/json",
  fileExtension: ".json",
  packageListing: "on-request",
  write: (report, out) => writeText(out, jsonText(jsonReport(report))),
  writeMany: (multi, out) => writeText(out, jsonText(jsonReports(multi))),
};
