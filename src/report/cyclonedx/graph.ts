/**
 * The components and dependency graph of the CycloneDX scan report. With a package listing (always, from the
 * CLI) it is the whole image as `dredge sbom` writes it; without one, the OS and the packages with findings.
 */
import type { FindingPackage, ScanReport } from "../../model/finding.js";
import { packageListing, sbomPackage } from "../common/packages.js";
import { cdxPackageGraph } from "./sbom.js";
import { osComponent, packageComponents } from "./components.js";

type Json = Record<string, unknown>;

export interface ComponentGraph {
  components: Json[];
  dependencies: Json[];
  /** The bom-ref of the component a finding is about. */
  refOf(p: FindingPackage): string;
}

export function componentGraph(report: ScanReport, rootRef: string): ComponentGraph {
  const listing = packageListing(report);
  if (!listing) return affectedOnly(report, rootRef);
  const { components, dependencies } = cdxPackageGraph(rootRef, report.artifact.os, listing.packages.map(sbomPackage), listing.refs);
  // A finding whose package the listing lacks (a listing of only some packages) still gets its component.
  const used = new Set(components.map((c) => c["bom-ref"]));
  const listed = new Set(listing.packages.map((p) => p.purl));
  for (const c of packageComponents(report)) {
    if (listed.has(c.purl as string) || used.has(c["bom-ref"])) continue;
    used.add(c["bom-ref"]);
    components.push(c);
    (dependencies[0]!.dependsOn as unknown[]).push(c["bom-ref"]);
    dependencies.push({ ref: c["bom-ref"], dependsOn: [] });
  }
  return { components, dependencies, refOf: (p) => listing.refOf(p) ?? p.purl };
}

function affectedOnly(report: ScanReport, rootRef: string): ComponentGraph {
  const os = osComponent(report);
  const components = [...(os ? [os] : []), ...packageComponents(report)];
  const refs = components.map((c) => c["bom-ref"] as string);
  const dependencies = [{ ref: rootRef, dependsOn: refs }, ...refs.map((ref) => ({ ref, dependsOn: [] }))];
  return { components, dependencies, refOf: (p) => p.purl };
}
