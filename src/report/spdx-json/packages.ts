/** SPDX 2.3 packages of a scan report: the image, its OS and the affected packages with their advisories. */
import { createHash } from "node:crypto";
import type { FindingPackage, ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import { primaryUrl } from "../common/links.js";
import { licenseRef, normaliseLicense } from "../sbom/license.js";

type Json = Record<string, unknown>;

export const spdxId = (kind: string, key: string): string =>
  `SPDXRef-${kind}-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;

export interface PackageEntry {
  pkg: FindingPackage;
  vulns: VulnerabilityFinding[];
  licenses: string[];
}

/** Affected packages keyed by purl, in report order. */
export function collectPackages(report: ScanReport, showSuppressed: boolean): Map<string, PackageEntry> {
  const map = new Map<string, PackageEntry>();
  const get = (p: FindingPackage) => {
    const e = map.get(p.purl) ?? { pkg: p, vulns: [], licenses: [] };
    map.set(p.purl, e);
    return e;
  };
  for (const t of report.targets) {
    for (const v of t.vulnerabilities) if (showSuppressed || !v.suppressed) get(v.package).vulns.push(v);
    for (const l of t.licenses) if (l.package) get(l.package).licenses.push(l.license);
  }
  return map;
}

export function spdxPackage(e: PackageEntry, extracted: Map<string, string>): Json {
  const p = e.pkg;
  const refs: Json[] = [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl }];
  for (const v of e.vulns) {
    const url = primaryUrl(v);
    if (url && !/\s/.test(url)) refs.push({ referenceCategory: "SECURITY", referenceType: "advisory", referenceLocator: url, comment: `${v.id} (${v.severity})` });
  }
  return {
    SPDXID: spdxId("Package", p.purl),
    name: p.name,
    versionInfo: p.version,
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    ...(e.licenses.length ? { licenseDeclared: declared([...new Set(e.licenses)], extracted) } : {}),
    primaryPackagePurpose: "LIBRARY",
    ...(p.path ? { sourceInfo: `found in ${p.path}` } : {}),
    externalRefs: refs,
  };
}

/** An SPDX licence expression for the package's licences; free-text names become LicenseRefs. */
function declared(licenses: string[], extracted: Map<string, string>): string {
  const parts = licenses.map((l) => {
    const n = normaliseLicense(l);
    if (n.kind === "id") return n.id;
    if (n.kind === "expression") return licenses.length > 1 ? `(${n.expression})` : n.expression;
    const ref = licenseRef(n.name);
    extracted.set(ref, n.name);
    return ref;
  });
  return parts.join(" AND ");
}

export function annotation(v: VulnerabilityFinding, date: string, annotator: string): Json {
  const fixed = v.fixedVersions.length ? `fixed in ${v.fixedVersions.join(", ")}` : `status ${v.status}`;
  const cvss = v.cvss.filter((c) => c.version !== "2.0").map((c) => `CVSS ${c.version} ${c.baseScore} ${c.vector} (${c.source})`);
  const suppressed = v.suppressed ? [`suppressed by ${v.suppressed.kind}${v.suppressed.justification ? `: ${v.suppressed.justification}` : ""}`] : [];
  return {
    annotationDate: date,
    annotationType: "REVIEW",
    annotator,
    comment: [`${v.id} ${v.severity}`, `${v.package.name} ${v.installedVersion} ${fixed}`, ...(v.title ? [v.title] : []), ...cvss, ...suppressed].join("; "),
  };
}
