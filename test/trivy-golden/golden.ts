/**
 * Trivy's golden reports (schema v2) and Dredge's ScanReport reduced to comparable findings:
 * (target, package, installed version, vulnerability id, fixed version(s), severity[, status]).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "../helpers/images.js";
import type { VulnerabilityFinding } from "../../src/model/finding.js";

export const trivyDir = join(fixturesDir, "golden", "trivy");
export const goldensDir = join(trivyDir, "goldens");
export const fixtureDbDir = join(trivyDir, "fixture-db");
export const repoInputsDir = join(trivyDir, "repo-inputs");
export const sbomInputsDir = join(trivyDir, "sbom-inputs");

export interface GoldenVuln {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  Status?: string;
}

export interface GoldenResult {
  Target: string;
  Class?: string;
  Type?: string;
  Vulnerabilities?: GoldenVuln[];
}

export interface Golden {
  ArtifactName: string;
  Metadata?: { OS?: { Family: string; Name: string } };
  Results?: GoldenResult[];
}

export function readGolden(name: string): Golden {
  return JSON.parse(readFileSync(join(goldensDir, name), "utf8")) as Golden;
}

/** One finding, comparable across the two tools. `fixed` lists fixed versions joined by ", ". */
export interface Row {
  target: string;
  pkg: string;
  version: string;
  id: string;
  fixed: string;
  severity: string;
  status?: string;
}

/** rpm: `0:1.0-1` and `1.0-1` are the same version (Trivy prints the feed's text, sometimes with 0:). */
const dropZeroEpoch = (v: string): string => v.replace(/^0:/, "");
const fixedText = (list: readonly string[]): string => list.map(dropZeroEpoch).join(", ");

export function goldenRows(g: Golden, opts: { withStatus?: boolean } = {}): Row[] {
  return (g.Results ?? []).flatMap((r) =>
    (r.Vulnerabilities ?? []).map((v) => ({
      target: r.Target,
      pkg: v.PkgName,
      version: v.InstalledVersion,
      id: v.VulnerabilityID,
      fixed: fixedText(v.FixedVersion ? v.FixedVersion.split(", ") : []),
      severity: v.Severity,
      ...(opts.withStatus ? { status: v.Status ?? "unknown" } : {}),
    })),
  );
}

/**
 * Dredge's findings as rows. The id is the golden's id when the golden names the same package with an id
 * in Dredge's {id} ∪ aliases (Dredge's primary id is the CVE when there is one), otherwise Dredge's own.
 */
export function findingRows(target: string, findings: readonly VulnerabilityFinding[], golden: readonly Row[], opts: { withStatus?: boolean } = {}): Row[] {
  return findings.map((f) => {
    const ids = new Set([f.id, ...f.aliases]);
    const same = golden.find((r) => r.pkg === f.package.name && r.version === f.package.version && ids.has(r.id));
    return {
      target,
      pkg: f.package.name,
      version: f.package.version,
      id: same?.id ?? f.id,
      fixed: fixedText(f.fixedVersions),
      severity: f.severity,
      ...(opts.withStatus ? { status: f.status } : {}),
    };
  });
}

export const rowKey = (r: Row): string =>
  `${r.target} | ${r.pkg}@${r.version} | ${r.id} | fixed=${r.fixed || "-"} | ${r.severity}${r.status ? ` | ${r.status}` : ""}`;

export const sortedKeys = (rows: readonly Row[]): string[] => [...new Set(rows.map(rowKey))].sort();
