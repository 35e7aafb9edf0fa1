/**
 * The sample report (sample-report.ts) built with a package listing, as `buildReport({ packages })` makes it:
 * - /srv/app/package-lock.json lists the 12 packages of Trivy's npm.json.golden (licences, dependencies), one
 *   of which (jquery) has the target's finding;
 * - /srv/app/Cargo.lock, a clean target, lists the 7 packages of cargo.lock.json.golden (no findings);
 * - /srv/legacy/package-lock.json holds a second jquery 3.3.9 (same purl, another path) with the same finding,
 *   so references must tell the two apart;
 * - the other package targets list the packages of their findings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FindingPackage, ReportPackage, ScanReport, ScanTarget } from "../../src/model/finding.js";
import type { PackageType } from "../../src/model/package.js";
import { fixturesDir } from "./images.js";
import { sampleReport } from "./sample-report.js";

interface TrivyPackage { ID: string; Name: string; Version: string; Identifier: { PURL: string }; Licenses?: string[]; DependsOn?: string[]; Dev?: boolean }

const goldenPackages = (file: string): TrivyPackage[] =>
  (JSON.parse(readFileSync(join(fixturesDir, "golden/trivy/goldens", file), "utf8")) as { Results: { Packages?: TrivyPackage[] }[] }).Results[0]!.Packages ?? [];

function listed(p: TrivyPackage, type: PackageType, path: string): ReportPackage {
  return {
    name: p.Name, version: p.Version, type, purl: p.Identifier.PURL, class: "library", path,
    ...(p.Licenses?.length ? { licenses: p.Licenses } : {}),
    ...(p.DependsOn?.length ? { dependsOn: p.DependsOn.map((id) => id.slice(0, id.lastIndexOf("@"))) } : {}),
    ...(p.Dev ? { dev: true } : {}),
  };
}

const unique = (pkgs: FindingPackage[]): ReportPackage[] => [...new Map(pkgs.map((p) => [`${p.purl}\u0000${p.path ?? ""}`, p])).values()];

export const LEGACY_LOCK = "/srv/legacy/package-lock.json";

export function listedReport(): ScanReport {
  const r = sampleReport();
  const npm = r.targets.find((t) => t.target === "/srv/app/package-lock.json")!;
  for (const t of r.targets) if (t.class === "os-pkgs" || t.class === "lang-pkgs") t.packages = unique(t.vulnerabilities.map((v) => v.package));
  npm.packages = goldenPackages("npm.json.golden").map((p) => listed(p, "npm", npm.target));
  const empty = { misconfigurations: [], secrets: [], licenses: [] };
  const cargo: ScanTarget = { target: "/srv/app/Cargo.lock", class: "lang-pkgs", type: "cargo", vulnerabilities: [], ...empty,
    packages: goldenPackages("cargo.lock.json.golden").map((p) => listed(p, "cargo", "/srv/app/Cargo.lock")) };
  const jquery = npm.packages.find((p) => p.name === "jquery")!;
  const legacyPkg = { ...jquery, path: LEGACY_LOCK };
  const legacy: ScanTarget = { target: LEGACY_LOCK, class: "lang-pkgs", type: "npm", ...empty, packages: [legacyPkg],
    vulnerabilities: npm.vulnerabilities.map((v) => ({ ...v, package: { ...v.package, path: LEGACY_LOCK } })) };
  const at = r.targets.indexOf(npm) + 1;
  r.targets.splice(at, 0, cargo, legacy);
  return r;
}
