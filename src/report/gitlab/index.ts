/**
 * GitLab container-scanning report (security report schema 15.x): `version`, `vulnerabilities[]`, `scan`.
 * Suppressed findings are left out (the format has no way to mark them). Misconfigurations and licences have
 * no place in it; a report of secrets only (a secret scan, no package targets) is written as GitLab's
 * secret-detection report instead (see secrets.ts).
 */
import type { ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { idUrl, primaryUrl } from "../common/links.js";
import { jsonText, writeText } from "../common/write.js";
import { gitlabSecretDetectionReport, isSecretsOnly } from "./secrets.js";
import { GITLAB_SCHEMA_VERSION, gitlabScan, severityNames, truncate, uuidFrom } from "./shared.js";
import { mergeGitlab } from "./many.js";

export { GITLAB_SCHEMA_VERSION } from "./shared.js";
export { gitlabSecretDetectionReport, isSecretsOnly } from "./secrets.js";

type Json = Record<string, unknown>;

export function gitlabReport(report: ScanReport, now: Date = new Date()): Json {
  const image = report.artifact.repoTags[0] ?? report.artifact.name;
  const os = report.artifact.os ? `${report.artifact.os.family}:${report.artifact.os.name}` : "Unknown";
  const vulnerabilities = report.targets.flatMap((t) =>
    t.vulnerabilities.filter((v) => !v.suppressed).map((v) => vulnerability(v, image, os, t.target)));
  return { version: GITLAB_SCHEMA_VERSION, vulnerabilities, remediations: [], scan: gitlabScan(report, "container_scanning", now) };
}

function vulnerability(v: VulnerabilityFinding, image: string, os: string, target: string): Json {
  return {
    ...vulnerabilityFields(v, `${image}\0${target}\0${v.package.purl}\0${v.id}`),
    location: {
      dependency: { package: { name: v.package.name }, version: v.installedVersion },
      operating_system: os,
      image,
    },
  };
}

/** Everything of a GitLab vulnerability but its location (which the report type decides); `key` makes its id. */
export function vulnerabilityFields(v: VulnerabilityFinding, key: string): Json {
  const url = primaryUrl(v);
  const links = [...new Set([...(url ? [url] : []), ...v.references])].slice(0, 20).map((u) => ({ url: u }));
  return {
    id: uuidFrom(key),
    name: truncate(v.title ? `${v.id}: ${v.title}` : `${v.id} in ${v.package.name}`, 255),
    description: truncate(v.description ?? v.title ?? v.id, 1_048_576),
    severity: severityNames[v.severity],
    solution: v.fixedVersions.length ? `Upgrade ${v.package.name} to ${v.fixedVersions.join(" or ")}` : "No solution provided",
    identifiers: identifiersOf(v),
    links,
  };
}

function identifier(id: string): Json {
  const type = /^CVE-/i.test(id) ? "cve" : /^GHSA-/i.test(id) ? "ghsa" : (id.split("-")[0] ?? "advisory").toLowerCase();
  const url = idUrl(id);
  return { type, name: id, value: id, ...(url ? { url } : {}) };
}

/** Identifiers: at most 20 (GitLab's limit), the finding's own id first. */
export const identifiersOf = (v: VulnerabilityFinding): Json[] => [v.id, ...v.aliases].slice(0, 20).map(identifier);

export const gitlabReporter: Reporter = {
  format: "gitlab",
  mediaType: "application/json",
  fileExtension: ".json",
  write: (report, out, options) =>
    writeText(out, jsonText(isSecretsOnly(report) ? gitlabSecretDetectionReport(report, options.now) : gitlabReport(report, options.now))),
  // one report type for the set: secret detection only when every image's scan is secret-only
  writeMany: (multi, out, options) => {
    const secretsOnly = multi.reports.every(isSecretsOnly);
    return writeText(out, jsonText(mergeGitlab(multi, (r) => (secretsOnly ? gitlabSecretDetectionReport(r, options.now) : gitlabReport(r, options.now)))));
  },
};

/** `--format gitlab-secret-detection`: GitLab's secret-detection report, whatever else the scan found. */
export const gitlabSecretDetectionReporter: Reporter = {
  format: "gitlab-secret-detection",
  mediaType: "application/json",
  fileExtension: ".json",
  write: (report, out, options) => writeText(out, jsonText(gitlabSecretDetectionReport(report, options.now))),
  writeMany: (multi, out, options) => writeText(out, jsonText(mergeGitlab(multi, (r) => gitlabSecretDetectionReport(r, options.now)))),
};
