/**
 * One side of a comparison from a scan report: its packages keyed by type + namespace + name (all versions
 * of a key together) and its live vulnerabilities keyed by id + package. Suppressed findings (ignore file,
 * VEX) are not part of a side.
 */
import { PackageURL } from "packageurl-js";
import type { FindingPackage, ScanReport, VulnerabilityFinding } from "../model/finding.js";
import { primaryUrl } from "../report/common/links.js";
import type { DiffInputKind, DiffPackage, DiffSideInfo, DiffVulnerability } from "./types.js";

export interface DiffSide {
  info: DiffSideInfo;
  /** By package key. */
  packages: Map<string, DiffPackage>;
  /** By vulnerability key (id + package key). */
  vulnerabilities: Map<string, DiffVulnerability>;
}

/** The purl's namespace (`debian`, `@scope`, a Maven group), if the purl parses and has one. */
export function purlNamespace(purl: string): string | undefined {
  try {
    return PackageURL.fromString(purl).namespace ?? undefined;
  } catch {
    return undefined;
  }
}

const keyOf = (p: { type: string; namespace?: string; name: string }): string => `${p.type}\u0000${p.namespace ?? ""}\u0000${p.name}`;
export const packageKey = keyOf;
export const vulnerabilityKey = (v: DiffVulnerability): string => `${v.id}\u0000${keyOf(v.package)}`;

const withNamespace = <T extends object>(base: T, namespace: string | undefined): T & { namespace?: string } =>
  namespace ? { ...base, namespace } : base;

function addPackage(into: Map<string, DiffPackage>, p: Pick<FindingPackage, "type" | "name" | "version" | "purl">): void {
  const entry = withNamespace({ type: p.type, name: p.name }, purlNamespace(p.purl));
  const key = keyOf(entry);
  const have = into.get(key);
  if (!have) into.set(key, { ...entry, versions: [p.version], purl: p.purl });
  else if (!have.versions.includes(p.version)) have.versions = [...have.versions, p.version].sort();
}

function diffVulnerability(f: VulnerabilityFinding): DiffVulnerability {
  const url = primaryUrl(f);
  const pkg = withNamespace({ type: f.package.type, name: f.package.name }, purlNamespace(f.package.purl));
  return {
    id: f.id,
    aliases: [...f.aliases],
    severity: f.severity,
    package: { ...pkg, versions: [f.installedVersion], purl: f.package.purl },
    status: f.status,
    fixedVersions: [...f.fixedVersions],
    ...(f.title ? { title: f.title } : {}),
    ...(f.kev ? { kev: true } : {}),
    ...(url ? { url } : {}),
  };
}

function addVulnerability(into: Map<string, DiffVulnerability>, f: VulnerabilityFinding): void {
  const v = diffVulnerability(f);
  const key = vulnerabilityKey(v);
  const have = into.get(key);
  if (!have) {
    into.set(key, v);
    return;
  }
  if (!have.package.versions.includes(f.installedVersion)) have.package.versions = [...have.package.versions, f.installedVersion].sort();
  for (const fixed of f.fixedVersions) if (!have.fixedVersions.includes(fixed)) have.fixedVersions.push(fixed);
}

const databaseOf = (d: NonNullable<ScanReport["database"]>): NonNullable<DiffSideInfo["database"]> =>
  ({ builtAt: d.builtAt, schemaVersion: d.schemaVersion, ...(d.digest ? { digest: d.digest } : {}) });

/** The side of `report`, read from `name` as `kind`. */
export function sideFromReport(report: ScanReport, name: string, kind: DiffInputKind): DiffSide {
  const packages = new Map<string, DiffPackage>();
  const vulnerabilities = new Map<string, DiffVulnerability>();
  const listed = report.targets.some((t) => t.packages !== undefined);
  for (const t of report.targets) {
    for (const p of t.packages ?? []) addPackage(packages, p);
    for (const f of t.vulnerabilities) if (!f.suppressed) addVulnerability(vulnerabilities, f);
    // Without a listing, the packages known are those with findings (suppressed ones included).
    if (!listed) for (const f of t.vulnerabilities) addPackage(packages, { ...f.package, version: f.installedVersion });
  }
  const a = report.artifact;
  const info: DiffSideInfo = {
    name,
    kind,
    ...(a.manifestDigest ? { digest: a.manifestDigest } : {}),
    ...(a.os ? { os: `${a.os.family} ${a.os.name}` } : {}),
    ...(report.database ? { database: databaseOf(report.database) } : {}),
    packagesListed: listed,
    packages: [...packages.values()].reduce((n, p) => n + p.versions.length, 0),
    vulnerabilities: vulnerabilities.size,
    ...(report.policy ? { policy: report.policy.finalAction } : {}),
  };
  return { info, packages, vulnerabilities };
}
