/**
 * GitLab's dependency-scanning report (security report schema 15.x, `--format gitlab-dependency-scanning`):
 * the vulnerabilities of language packages (lang-pkgs targets: lockfiles, manifests, installed packages),
 * each located by the file that declares its package; `dependency_files` lists each such file with its
 * packages (every package with a package listing, else the vulnerable ones). OS packages are left to the
 * container-scanning report (`--format gitlab`). Suppressed findings are left out.
 */
import type { ScanReport, ScanTarget } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { jsonText, writeText } from "../common/write.js";
import { vulnerabilityFields } from "./index.js";
import { mergeGitlab } from "./many.js";
import { GITLAB_SCHEMA_VERSION, gitlabScan } from "./shared.js";

type Json = Record<string, unknown>;

const fileOf = (t: ScanTarget): string => t.target.replace(/^\/+/, "") || t.target;

export function gitlabDependencyScanningReport(report: ScanReport, now: Date = new Date()): Json {
  const image = report.artifact.repoTags[0] ?? report.artifact.name;
  const targets = report.targets.filter((t) => t.class === "lang-pkgs");
  const vulnerabilities = targets.flatMap((t) => t.vulnerabilities.filter((v) => !v.suppressed).map((v) => ({
    ...vulnerabilityFields(v, `${image}\0${t.target}\0${v.package.purl}\0${v.id}`),
    location: { file: fileOf(t), dependency: { package: { name: v.package.name }, version: v.installedVersion } },
  })));
  const dependency_files = targets.map((t) => ({ path: fileOf(t), package_manager: t.type || "unknown", dependencies: dependenciesOf(t) }));
  return { version: GITLAB_SCHEMA_VERSION, vulnerabilities, remediations: [], dependency_files, scan: gitlabScan(report, "dependency_scanning", now) };
}

function dependenciesOf(t: ScanTarget): Json[] {
  const seen = new Map<string, Json>();
  const add = (name: string, version: string) => seen.set(`${name}\0${version}`, { package: { name }, version });
  if (t.packages) for (const p of t.packages) add(p.name, p.version);
  else for (const v of t.vulnerabilities) if (!v.suppressed) add(v.package.name, v.installedVersion);
  return [...seen.values()];
}

/** Several images: one report, each image's dependency files named by its label. */
function mergeDependencyFiles(doc: Json, reports: readonly ScanReport[], now: Date | undefined): Json {
  const files = reports.flatMap((r) => gitlabDependencyScanningReport(r, now).dependency_files as Json[]);
  return { ...doc, dependency_files: files };
}

export const gitlabDependencyScanningReporter: Reporter = {
  format: "gitlab-dependency-scanning",
  mediaType: "application/json",
  fileExtension: ".json",
  // dependency_files lists every package of each file
  packageListing: "always",
  write: (report, out, options) => writeText(out, jsonText(gitlabDependencyScanningReport(report, options.now))),
  writeMany: (multi, out, options) =>
    writeText(out, jsonText(mergeDependencyFiles(mergeGitlab(multi, (r) => gitlabDependencyScanningReport(r, options.now)), multi.reports, options.now))),
};
