/**
 * The per-target package listing of a ScanReport (`ScanTarget.packages`): every package of the image, with or
 * without findings. Formats that describe the whole image (CycloneDX, SPDX) always get it; `json` only with
 * --list-all-pkgs; the others never need it (`withoutPackageListing`).
 */
import { findingPackage } from "../matcher/findings.js";
import type { ReportPackage, ScanReport, ScanTarget } from "../model/finding.js";
import type { Package } from "../model/package.js";
import { reporterFor } from "../report/registry.js";
import type { Reporter } from "../report/types.js";

/** Whether a format gets the report's package listing: formats that describe the image always, json with --list-all-pkgs. */
export const getsListing = (listing: Reporter["packageListing"], listAll: boolean): boolean =>
  listing === "always" || (listAll && listing === "on-request");

/** Whether the scan must build its report with a package listing (ReportInput.packages) for these outputs. */
export function needsPackageListing(specs: readonly { format: string }[], listAllPackages: boolean): boolean {
  return specs.some((s) => getsListing(reporterFor(s.format).packageListing, listAllPackages));
}

/** An inventory package as a report lists it. */
export function reportPackage(p: Package): ReportPackage {
  const out: ReportPackage = findingPackage(p);
  if (p.arch) out.arch = p.arch;
  if (p.licenses?.length) out.licenses = [...p.licenses];
  if (p.vendor) out.vendor = p.vendor;
  if (p.dependsOn?.length) out.dependsOn = [...p.dependsOn];
  return out;
}

/** True when some target of the report carries a package listing. */
export const hasPackageListing = (report: ScanReport): boolean => report.targets.some((t) => t.packages !== undefined);

/**
 * The report as it is without a listing: package targets that only exist for their packages (no findings)
 * are dropped and the others lose `packages`. The exact inverse of building with a listing, so a JSON report
 * written next to a CycloneDX one is the JSON report of a JSON-only run.
 */
export function withoutPackageListing(report: ScanReport): ScanReport {
  if (!hasPackageListing(report)) return report;
  const targets: ScanTarget[] = [];
  for (const t of report.targets) {
    if (t.packages === undefined) {
      targets.push(t);
      continue;
    }
    const { packages: _dropped, ...rest } = t;
    const findings = t.vulnerabilities.length + t.misconfigurations.length + t.secrets.length + t.licenses.length;
    if (findings > 0) targets.push(rest);
  }
  return { ...report, targets };
}
