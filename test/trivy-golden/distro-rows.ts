/**
 * Trivy's distro buckets (`debian 9`, `alpine 3.10`, `ubuntu 18.04`, `Red Hat`, `rocky 8`, `alma 8`,
 * `openSUSE Leap 15.1`, `SUSE Linux Enterprise 15-SP3`…) → Dredge affected rows. Test-only.
 *
 * Trivy keeps the vendor's severity apart (vulnerability.yaml `VendorSeverity[<vendor id>]`); Dredge's
 * feeds put it on the affected row, so the row's `severity` is the bucket's own `Severity` or, failing
 * that, the vendor's entry in VendorSeverity. Red Hat entries are per RHSA or CVE with CPE indices: they
 * become one row per (CVE, RHEL major) — the CPE table (cpe.yaml) names the majors.
 */
import type { AffectedPackage, AffectedStatus, SourceName, VersionSchemeId } from "../../src/db/model.js";
import { entries, isDict, severityName, strings, subBuckets, type BoltPair, type Dict } from "./bolt-yaml.js";

interface DistroNamespace {
  namespace: string;
  scheme: VersionSchemeId;
  source: SourceName;
  /** Trivy's data-source id: the key of the vendor's rating in VendorSeverity. */
  vendorId: string;
}

const RULES: { re: RegExp; make: (m: RegExpExecArray) => DistroNamespace }[] = [
  { re: /^debian (\d+)$/, make: (m) => ({ namespace: `debian:${m[1]}`, scheme: "deb", source: "debian", vendorId: "debian" }) },
  { re: /^ubuntu (\S+)$/, make: (m) => ({ namespace: `ubuntu:${m[1]}`, scheme: "deb", source: "ubuntu", vendorId: "ubuntu" }) },
  { re: /^alpine (\S+)$/, make: (m) => ({ namespace: `alpine:${m[1]}`, scheme: "apk", source: "alpine", vendorId: "alpine" }) },
  { re: /^rocky (\d+)$/, make: (m) => ({ namespace: `rocky:${m[1]}`, scheme: "rpm", source: "osv", vendorId: "rocky" }) },
  { re: /^alma (\d+)$/, make: (m) => ({ namespace: `alma:${m[1]}`, scheme: "rpm", source: "osv", vendorId: "alma" }) },
  { re: /^openSUSE Leap (\S+)$/, make: (m) => ({ namespace: `opensuse:${m[1]}`, scheme: "rpm", source: "suse", vendorId: "suse-cvrf" }) },
  { re: /^openSUSE Tumbleweed$/, make: () => ({ namespace: "opensuse:tumbleweed", scheme: "rpm", source: "suse", vendorId: "suse-cvrf" }) },
  { re: /^SUSE Linux Enterprise Micro (\d+\.\d+)$/, make: (m) => ({ namespace: `sle-micro:${m[1]}`, scheme: "rpm", source: "suse", vendorId: "suse-cvrf" }) },
  { re: /^Photon OS (\d+\.\d+)$/, make: (m) => ({ namespace: `photon:${m[1]}`, scheme: "rpm", source: "photon", vendorId: "photon" }) },
  { re: /^amazon linux (\d+)$/, make: (m) => ({ namespace: `amazon:${m[1]}`, scheme: "rpm", source: "amazon", vendorId: "amazon" }) },
  { re: /^Oracle Linux (\d+)$/, make: (m) => ({ namespace: `oracle:${m[1]}`, scheme: "rpm", source: "oracle", vendorId: "oracle-oval" }) },
  { re: /^CBL-Mariner (\d+\.\d+)$/, make: (m) => ({ namespace: `mariner:${m[1]}`, scheme: "rpm", source: "mariner", vendorId: "cbl-mariner" }) },
  { re: /^Azure Linux (\d+\.\d+)$/, make: (m) => ({ namespace: `azurelinux:${m[1]}`, scheme: "rpm", source: "mariner", vendorId: "azure-linux" }) },
  { re: /^SUSE Linux Enterprise (\d+)-SP(\d+)$/, make: (m) => ({ namespace: `sles:${m[1]}.${m[2]}`, scheme: "rpm", source: "suse", vendorId: "suse-cvrf" }) },
];

export function distroNamespace(bucket: string): DistroNamespace | undefined {
  for (const r of RULES) {
    const m = r.re.exec(bucket);
    if (m) return r.make(m);
  }
  return undefined;
}

/** Trivy's status numbers (types.Status). */
const STATUS: Record<number, AffectedStatus> = {
  1: "not_affected", 2: "affected", 3: "fixed", 4: "affected", 5: "will_not_fix", 6: "fix_deferred", 7: "end_of_life",
};
const statusOf = (v: unknown): AffectedStatus | undefined => (typeof v === "number" ? STATUS[v] : undefined);

export type VendorSeverityOf = (vulnId: string, vendorId: string) => string | undefined;

function row(ns: DistroNamespace, pkg: string, id: string, v: Dict, vendorSeverity: VendorSeverityOf): AffectedPackage {
  const fixed = typeof v.FixedVersion === "string" && v.FixedVersion !== "" ? v.FixedVersion : undefined;
  const severity = severityName(v.Severity) ?? vendorSeverity(id, ns.vendorId);
  const entryIds = Array.isArray(v.Entries) ? v.Entries.filter(isDict).flatMap((e) => strings(e.VendorIds)) : [];
  const advisories = [...strings(v.VendorIDs), ...entryIds];
  const notes = typeof v.State === "string" ? [`${ns.source}: ${v.State}`] : [];
  return {
    vulnerabilityId: id,
    source: ns.source,
    namespace: ns.namespace,
    packageName: pkg,
    status: fixed ? "fixed" : (statusOf(v.Status) ?? "affected"),
    ranges: fixed ? [{ type: "ecosystem", scheme: ns.scheme, events: [{ introduced: "0" }, { fixed }] }] : [],
    versions: [],
    fixedVersions: fixed ? [fixed] : [],
    ...(severity ? { severity } : {}),
    ...(notes.length ? { notes } : {}),
    ...(advisories.length ? { advisories } : {}),
  };
}

export function distroRows(bucket: BoltPair, vendorSeverity: VendorSeverityOf): AffectedPackage[] | undefined {
  const ns = distroNamespace(bucket.bucket ?? "");
  if (!ns) return undefined;
  return subBuckets(bucket).flatMap((pkg) => entries(pkg).map(({ key, value }) => row(ns, pkg.bucket!, key, value, vendorSeverity)));
}

/** `Red Hat CPE` bucket → CPE index → RHEL major (`cpe:/o:redhat:enterprise_linux:7::server` → 7). */
export function redhatMajors(cpeBuckets: readonly BoltPair[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const b of cpeBuckets.filter((x) => x.bucket === "Red Hat CPE")) {
    for (const sub of subBuckets(b).filter((s) => s.bucket === "cpe")) {
      for (const p of sub.pairs ?? []) {
        const m = /enterprise_linux:(\d+)/.exec(String(p.value ?? ""));
        if (p.key !== undefined && m) out.set(Number(p.key), m[1]!);
      }
    }
  }
  return out;
}

/** The `Red Hat` bucket: entries per advisory (RHSA, with its CVEs) or per CVE, scoped by CPE index. */
export function redhatRows(bucket: BoltPair, majors: Map<number, string>): AffectedPackage[] {
  const out: AffectedPackage[] = [];
  for (const pkg of subBuckets(bucket)) {
    for (const { key, value } of entries(pkg)) {
      const list = Array.isArray(value.Entries) ? value.Entries.filter(isDict) : [];
      for (const entry of list) {
        const releases = new Set((Array.isArray(entry.Affected) ? entry.Affected : []).map((i) => majors.get(Number(i))).filter((r) => r !== undefined));
        const cves = Array.isArray(entry.Cves) ? entry.Cves.filter(isDict) : [{}];
        for (const release of releases) {
          for (const cve of cves) {
            const id = typeof cve.ID === "string" ? cve.ID : key;
            const ns: DistroNamespace = { namespace: `redhat:${release}`, scheme: "rpm", source: "redhat", vendorId: "redhat" };
            const r = row(ns, pkg.bucket!, id, { ...entry, Severity: cve.Severity }, () => undefined);
            out.push(key.startsWith("RHSA-") ? { ...r, advisories: [key] } : r);
          }
        }
      }
    }
  }
  return out;
}
