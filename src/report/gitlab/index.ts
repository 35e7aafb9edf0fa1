/**
 * GitLab container-scanning report (security report schema 15.x): `version`, `vulnerabilities[]`, `scan`.
 * Suppressed findings are left out (the format has no way to mark them).
 */
import { createHash } from "node:crypto";
import type { ScanReport, Severity, VulnerabilityFinding } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { idUrl, primaryUrl } from "../common/links.js";
import { jsonText, writeText } from "../common/write.js";

type Json = Record<string, unknown>;

export const GITLAB_SCHEMA_VERSION = "15.2.1";

const severityNames: Record<Severity, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", NEGLIGIBLE: "Info", UNKNOWN: "Unknown" };

/** GitLab wants `YYYY-MM-DDTHH:MM:SS` (no zone, no fraction). */
const gitlabTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "");

export function gitlabReport(report: ScanReport, now: Date = new Date()): Json {
  const image = report.artifact.repoTags[0] ?? report.artifact.name;
  const os = report.artifact.os ? `${report.artifact.os.family}:${report.artifact.os.name}` : "Unknown";
  const vulnerabilities = report.targets.flatMap((t) =>
    t.vulnerabilities.filter((v) => !v.suppressed).map((v) => vulnerability(v, image, os, t.target)));
  const tool = { id: "dredge", name: "Dredge", version: report.tool.version, vendor: { name: "Dredge" } };
  return {
    version: GITLAB_SCHEMA_VERSION,
    vulnerabilities,
    remediations: [],
    scan: {
      analyzer: tool,
      scanner: tool,
      type: "container_scanning",
      start_time: gitlabTime(new Date(report.createdAt)),
      end_time: gitlabTime(now),
      status: "success",
    },
  };
}

function vulnerability(v: VulnerabilityFinding, image: string, os: string, target: string): Json {
  const url = primaryUrl(v);
  const links = [...new Set([...(url ? [url] : []), ...v.references])].slice(0, 20).map((u) => ({ url: u }));
  return {
    id: uuidFrom(`${image}\0${target}\0${v.package.purl}\0${v.id}`),
    name: truncate(v.title ? `${v.id}: ${v.title}` : `${v.id} in ${v.package.name}`, 255),
    description: truncate(v.description ?? v.title ?? v.id, 1_048_576),
    severity: severityNames[v.severity],
    solution: v.fixedVersions.length ? `Upgrade ${v.package.name} to ${v.fixedVersions.join(" or ")}` : "No solution provided",
    identifiers: [v.id, ...v.aliases].map(identifier),
    links,
    location: {
      dependency: { package: { name: v.package.name }, version: v.installedVersion },
      operating_system: os,
      image,
    },
  };
}

function identifier(id: string): Json {
  const type = /^CVE-/i.test(id) ? "cve" : /^GHSA-/i.test(id) ? "ghsa" : (id.split("-")[0] ?? "advisory").toLowerCase();
  const url = idUrl(id);
  return { type, name: id, value: id, ...(url ? { url } : {}) };
}

/** A stable UUID (version-5 layout) from a string, so the same finding keeps its id across scans. */
function uuidFrom(s: string): string {
  const h = createHash("sha1").update(s).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const truncate = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

export const gitlabReporter: Reporter = {
  format: "gitlab",
  mediaType: "application/json",
  fileExtension: ".json",
  write: (report, out, options) => writeText(out, jsonText(gitlabReport(report, options.now))),
};
