/**
 * GitLab's secret-detection report (security report schema 15.x) for a secret scan run without vulnerability
 * scanning (`--scanners secret`): one vulnerability per unsuppressed secret, located by file and line. Only the masked match is
 * written (as the description's evidence), never anything else of the secret.
 */
import { layerNumber } from "../common/layer.js";
import type { ScanReport, SecretFinding } from "../../model/finding.js";
import { GITLAB_SCHEMA_VERSION, gitlabScan, severityNames, truncate, uuidFrom } from "./shared.js";

type Json = Record<string, unknown>;

/** A secret found in an image has no commit; GitLab's schema requires one, so this placeholder stands for it. */
export const NO_COMMIT_SHA = "0000000000000000000000000000000000000000";

/**
 * True for a secret scan without a vulnerability scan: secret findings, no vulnerability database (the scan
 * only loads one for vulnerability scanning) and no package targets. A vulnerability scan that found nothing
 * but a secret stays a (clean) container-scanning report, so a CI job's report type never flips.
 */
export function isSecretsOnly(report: ScanReport): boolean {
  if (report.database) return false;
  const packages = report.targets.some((t) => t.class === "os-pkgs" || t.class === "lang-pkgs" || t.vulnerabilities.length > 0);
  return !packages && report.targets.some((t) => t.secrets.length > 0);
}

export function gitlabSecretDetectionReport(report: ScanReport, now: Date = new Date()): Json {
  const image = report.artifact.repoTags[0] ?? report.artifact.name;
  const vulnerabilities = report.targets.flatMap((t) => t.secrets.filter((s) => !s.suppressed).map((s) => secret(s, image)));
  return { version: GITLAB_SCHEMA_VERSION, vulnerabilities, scan: gitlabScan(report, "secret_detection", now) };
}

function secret(s: SecretFinding, image: string): Json {
  const where = `${s.path}${s.startLine ? `:${s.startLine}` : ""}`;
  const layer = s.layer ? ` (layer ${layerNumber(s.layer)} ${s.layer.diffId})` : "";
  const deleted = s.deletedInLaterLayer ? " The file is deleted by a later layer but still ships in the image." : "";
  return {
    id: uuidFrom(`${image}\0${s.path}\0${s.startLine ?? ""}\0${s.ruleId}`),
    name: truncate(s.title, 255),
    description: truncate(`${s.title} (${s.category}) in ${where} of image ${image}${layer}: ${s.match}.${deleted}`, 1_048_576),
    severity: severityNames[s.severity],
    solution: "Remove the secret from the image (every layer that holds it) and rotate it.",
    identifiers: [{ type: "dredge_secret_rule", name: `Dredge secret rule ${s.ruleId}`, value: s.ruleId }],
    location: {
      file: s.path.replace(/^\/+/, ""),
      ...(s.startLine !== undefined ? { start_line: s.startLine } : {}),
      ...(s.endLine !== undefined ? { end_line: s.endLine } : {}),
      commit: { sha: NO_COMMIT_SHA },
    },
  };
}
