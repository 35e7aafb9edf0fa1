/**
 * SPDX 2.3 packages of a scan report with their advisories: every listed package (mapped as `dredge sbom`
 * does), or without a listing the packages with findings.
 */
import { createHash } from "node:crypto";
import type { FindingPackage, ReportPackage, ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import { primaryUrl } from "../common/links.js";
import { sbomPackage, type PackageListing } from "../common/packages.js";
import { licenseRef, normaliseLicense } from "../common/sbom-license.js";
import { spdxPackage as sbomSpdxPackage } from "./sbom.js";

type Json = Record<string, unknown>;

export const spdxId = (kind: string, key: string): string =>
  `SPDXRef-${kind}-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;

export interface PackageEntry {
  pkg: FindingPackage;
  /** Unique key: the listing's reference (purl, `purl#N`), or the purl of an unlisted package. */
  ref: string;
  /** The package as the listing has it (absent for a package known only from its findings). */
  listed?: ReportPackage;
  vulns: VulnerabilityFinding[];
  licenses: string[];
}

/** Every listed package, then those with findings that the listing lacks (all of them without a listing), keyed by ref. */
export function collectPackages(report: ScanReport, showSuppressed: boolean, listing?: PackageListing): Map<string, PackageEntry> {
  const map = new Map<string, PackageEntry>();
  listing?.packages.forEach((p, i) => map.set(listing.refs[i]!, { pkg: p, ref: listing.refs[i]!, listed: p, vulns: [], licenses: [] }));
  const get = (p: FindingPackage) => {
    const ref = listing?.refOf(p) ?? p.purl;
    const e = map.get(ref) ?? { pkg: p, ref, vulns: [], licenses: [] };
    map.set(ref, e);
    return e;
  };
  for (const t of report.targets) {
    for (const v of t.vulnerabilities) if (showSuppressed || !v.suppressed) get(v.package).vulns.push(v);
    // A listed package carries its own licences.
    for (const l of t.licenses) {
      const e = l.package ? get(l.package) : undefined;
      if (e && !e.listed) e.licenses.push(l.license);
    }
  }
  return map;
}

function securityRefs(vulns: readonly VulnerabilityFinding[]): Json[] {
  const refs: Json[] = [];
  for (const v of vulns) {
    const url = primaryUrl(v);
    if (url && !/\s/.test(url)) refs.push({ referenceCategory: "SECURITY", referenceType: "advisory", referenceLocator: url, comment: `${v.id} (${v.severity})` });
  }
  return refs;
}

export function spdxPackage(e: PackageEntry, extracted: Map<string, string>): Json {
  if (e.listed) {
    const pkg = sbomSpdxPackage(sbomPackage(e.listed), spdxId("Package", e.ref), extracted);
    return { ...pkg, externalRefs: [...(pkg.externalRefs as Json[]), ...securityRefs(e.vulns)] };
  }
  const p = e.pkg;
  const refs: Json[] = [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl }, ...securityRefs(e.vulns)];
  return {
    SPDXID: spdxId("Package", e.ref),
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
