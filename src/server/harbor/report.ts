/**
 * Harbor's scanner-adapter report documents (spec v1.2) from a Dredge ScanReport: the vulnerability report
 * (`HarborVulnerabilityReport`) and the SBOM report (`HarborSbomReport`: the stored inventory's CycloneDX or
 * SPDX document inside).
 */
import type { CvssScore, ScanReport, Severity, VulnerabilityFinding } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import { cyclonedxSbom } from "../../report/cyclonedx/sbom.js";
import { spdxSbom } from "../../report/spdx-json/sbom.js";
import { dredgeTool, version as dredgeVersion } from "../../version.js";

export const scanner = () => ({ name: "Dredge", vendor: "Dredge", version: dredgeVersion() });

/** The artifact a report is of, as Harbor named it in the scan request. */
export interface HarborArtifact {
  repository: string;
  digest: string;
  tag?: string;
  mime_type?: string;
}

export type HarborSeverity = "Unknown" | "Negligible" | "Low" | "Medium" | "High" | "Critical";

const severityOf: Record<Severity, HarborSeverity> = {
  CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", NEGLIGIBLE: "Negligible", UNKNOWN: "Unknown",
};
const rank: Record<HarborSeverity, number> = { Unknown: 0, Negligible: 1, Low: 2, Medium: 3, High: 4, Critical: 5 };

const isLink = (s: string): boolean => {
  try {
    return ["http:", "https:"].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

/** The severity source's score first, then NVD's, then any: v3 (3.0/3.1) and v2 each. */
function preferredCvss(f: VulnerabilityFinding): Record<string, number | string> | undefined {
  const order = (c: CvssScore) => (c.source === f.severitySource ? 0 : c.source === "nvd" ? 1 : 2);
  const sorted = [...f.cvss].sort((a, b) => order(a) - order(b));
  const v3 = sorted.find((c) => c.version === "3.0" || c.version === "3.1");
  const v2 = sorted.find((c) => c.version === "2.0");
  if (!v3 && !v2) return undefined;
  return { ...(v3 ? { score_v3: v3.baseScore, vector_v3: v3.vector } : {}), ...(v2 ? { score_v2: v2.baseScore, vector_v2: v2.vector } : {}) };
}

function item(f: VulnerabilityFinding) {
  const cvss = preferredCvss(f);
  const description = f.description ?? f.title;
  return {
    id: f.id,
    package: f.package.name,
    version: f.installedVersion,
    ...(f.fixedVersions.length > 0 ? { fix_version: f.fixedVersions.join(", ") } : {}),
    severity: severityOf[f.severity],
    ...(description ? { description } : {}),
    links: f.references.filter(isLink),
    ...(cvss ? { preferred_cvss: cvss } : {}),
    cwe_ids: f.cwes,
    vendor_attributes: {
      purl: f.package.purl,
      status: f.status,
      ...(f.severitySource ? { severity_source: f.severitySource } : {}),
      ...(f.aliases.length > 0 ? { aliases: f.aliases } : {}),
      ...(f.kev ? { kev: f.kev } : {}),
      ...(f.epss ? { epss: f.epss } : {}),
    },
  };
}

/** What a vulnerability report holds besides its envelope (time, artifact, scanner): stored per database version. */
export function harborVulnerabilityParts(report: ScanReport) {
  const vulnerabilities = report.targets.flatMap((t) => t.vulnerabilities.filter((f) => !f.suppressed).map(item));
  const severity = vulnerabilities.reduce<HarborSeverity>((top, v) => (rank[v.severity] > rank[top] ? v.severity : top), "Unknown");
  return { severity, vulnerabilities };
}

export function harborVulnerabilityReport(report: ScanReport, artifact: HarborArtifact) {
  return { generated_at: new Date().toISOString(), artifact, scanner: scanner(), ...harborVulnerabilityParts(report) };
}

export const SBOM_MEDIA_TYPES = ["application/spdx+json", "application/vnd.cyclonedx+json"] as const;
export type SbomMediaType = (typeof SBOM_MEDIA_TYPES)[number];

/** The stored inventory as a CycloneDX or SPDX document inside Harbor's SBOM report (no findings needed). */
export function harborSbomReport(inventory: Inventory, artifact: HarborArtifact, mediaType: SbomMediaType) {
  const sbom = mediaType === "application/spdx+json" ? spdxSbom(inventory, dredgeTool()) : cyclonedxSbom(inventory, dredgeTool());
  return { generated_at: new Date().toISOString(), artifact, scanner: scanner(), media_type: mediaType, sbom, vendor_attributes: {} };
}
