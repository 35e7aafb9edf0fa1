/** Helpers shared by Dredge's GitLab security reports (container scanning, secret detection). */
import { createHash } from "node:crypto";
import type { ScanReport, Severity } from "../../model/finding.js";
import { incompleteLines } from "../common/incomplete.js";

type Json = Record<string, unknown>;

/** The schema version the reports declare, and are validated against (GitLab's schemas, tests). */
export const GITLAB_SCHEMA_VERSION = "15.0.7";

export const severityNames: Record<Severity, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", NEGLIGIBLE: "Info", UNKNOWN: "Unknown" };

/** GitLab wants `YYYY-MM-DDTHH:MM:SS` (no zone, no fraction). */
export const gitlabTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "");

/** The `scan` object of a GitLab security report of the given type. */
export function gitlabScan(report: ScanReport, type: "container_scanning" | "dependency_scanning" | "secret_detection", now: Date): Json {
  const tool = { id: "dredge", name: "Dredge", version: report.tool.version, vendor: { name: "Dredge" } };
  const messages = incompleteLines(report.incompleteReasons ?? []).map((value) => ({ level: "warn", value }));
  return {
    analyzer: tool, scanner: tool, type, start_time: gitlabTime(new Date(report.createdAt)), end_time: gitlabTime(now), status: "success",
    ...(messages.length ? { messages } : {}),
  };
}

/** A stable UUID (version-5 layout) from a string, so the same finding keeps its id across scans. */
export function uuidFrom(s: string): string {
  const h = createHash("sha1").update(s).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const truncate = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);
