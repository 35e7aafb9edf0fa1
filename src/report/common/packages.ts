/**
 * A report's package listing (`ScanTarget.packages`) for the formats that describe the whole image
 * (CycloneDX, SPDX): every listed package with a unique reference, and the reference of a finding's package.
 */
import type { FindingPackage, ReportPackage, ScanReport } from "../../model/finding.js";
import type { Package } from "../../model/package.js";
import { uniqueRefs } from "../cyclonedx/sbom.js";

export interface PackageListing {
  packages: ReportPackage[];
  /** Unique per package: the purl, `purl#N` for the N+1th package with the same purl (as `dredge sbom`). */
  refs: string[];
  /** The listed package a finding is about (same purl and path, else the first with its purl). */
  refOf(p: FindingPackage): string | undefined;
}

const key = (p: FindingPackage) => `${p.purl}\u0000${p.path ?? ""}`;

/** The listing of the report's package targets, or undefined when the report was built without one. */
export function packageListing(report: ScanReport): PackageListing | undefined {
  const listed = report.targets.filter((t) => t.packages !== undefined);
  if (!listed.length) return undefined;
  const packages = listed.flatMap((t) => t.packages!);
  const refs = uniqueRefs(packages);
  const byKey = new Map<string, string>();
  const byPurl = new Map<string, string>();
  packages.forEach((p, i) => {
    if (!byKey.has(key(p))) byKey.set(key(p), refs[i]!);
    if (!byPurl.has(p.purl)) byPurl.set(p.purl, refs[i]!);
  });
  return { packages, refs, refOf: (p) => byKey.get(key(p)) ?? byPurl.get(p.purl) };
}

/** A listed package in the inventory shape the SBOM writers (src/report/cyclonedx/sbom.ts, src/report/spdx-json/sbom.ts) map to components and packages. */
export function sbomPackage(p: ReportPackage): Package {
  return {
    type: p.type,
    name: p.name,
    version: p.version,
    purl: p.purl,
    ...(p.source ? { source: { name: p.source.name, version: p.source.version } } : {}),
    ...(p.arch ? { arch: p.arch } : {}),
    ...(p.licenses ? { licenses: p.licenses } : {}),
    ...(p.vendor ? { vendor: p.vendor } : {}),
    ...(p.dependsOn ? { dependsOn: p.dependsOn } : {}),
    ...(p.dev ? { dev: true } : {}),
    locations: p.path ? [{ path: p.path, ...(p.layer ? { layer: p.layer } : {}) }] : [],
    ...(p.layer ? { layer: p.layer } : {}),
  };
}
