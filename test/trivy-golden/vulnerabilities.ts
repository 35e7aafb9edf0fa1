/** vulnerability.yaml (Trivy's merged CVE details) → Dredge vulnerability records. Test-only. */
import type { Severity, VulnerabilityRecord } from "../../src/db/model.js";
import { entries, isDict, readBoltYaml, severityName, strings, type Dict } from "./bolt-yaml.js";

/** Source name under which Trivy's overall `Severity` word is kept: the last fallback of every choice. */
export const TRIVY_WORD_SOURCE = "trivy-fixture";

function cvssSeverities(cvss: unknown): Severity[] {
  if (!isDict(cvss)) return [];
  const out: Severity[] = [];
  for (const [source, v] of Object.entries(cvss)) {
    if (!isDict(v)) continue;
    const add = (type: string, vector: unknown, score: unknown) => {
      if (typeof vector !== "string" && typeof score !== "number") return;
      out.push({
        source, type,
        ...(typeof vector === "string" ? { vector } : {}),
        ...(typeof score === "number" ? { score } : {}),
      });
    };
    add("CVSS_V2", v.V2Vector, v.V2Score);
    add("CVSS_V3", v.V3Vector, v.V3Score);
    add("CVSS_V4", v.V40Vector, v.V40Score);
  }
  return out;
}

/** Vendor ratings first (so a source's own word wins over a score computed from its vector), then CVSS. */
export function severitiesOf(v: Dict): Severity[] {
  const vendor: Severity[] = [];
  if (isDict(v.VendorSeverity)) {
    for (const [source, n] of Object.entries(v.VendorSeverity)) {
      const rating = severityName(n);
      if (rating) vendor.push({ source, type: "vendor", rating });
    }
  }
  const word = typeof v.Severity === "string" ? v.Severity.toLowerCase() : undefined;
  const fallback: Severity[] = word && word !== "unknown" ? [{ source: TRIVY_WORD_SOURCE, type: "vendor", rating: word }] : [];
  return [...vendor, ...cvssSeverities(v.CVSS), ...fallback];
}

const opt = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export function vulnerabilityRecords(file: string): VulnerabilityRecord[] {
  const out: VulnerabilityRecord[] = [];
  for (const bucket of readBoltYaml(file)) {
    if (bucket.bucket !== "vulnerability") continue;
    for (const { key, value } of entries(bucket)) {
      const title = opt(value.Title);
      const description = opt(value.Description);
      const published = opt(value.PublishedDate);
      const modified = opt(value.LastModifiedDate);
      out.push({
        id: key,
        source: "nvd",
        aliases: [],
        related: [],
        ...(title ? { title } : {}),
        ...(description ? { description } : {}),
        severities: severitiesOf(value),
        cwes: strings(value.CweIDs),
        references: strings(value.References).map((url) => ({ url })),
        ...(published ? { published } : {}),
        ...(modified ? { modified } : {}),
      });
    }
  }
  return out;
}
