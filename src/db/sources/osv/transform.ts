/** OSV record → vulnerability + affected rows (shared by the `osv` and `ubuntu` feeds). */
import type { AffectedPackage, RangeEvent, Severity, SourceName, VersionRange, VulnerabilityRecord } from "../../model.js";
import { normalizePackageName, osvNamespace } from "../../namespace.js";
import type { FeedOutput } from "../../model.js";
import { MalformedRecord, type RawRecord } from "../types.js";
import { osvRecord, type OsvAffected, type OsvRecord } from "./schema.js";
import { safeParse } from "../../../util/schema.js";

const SEVERITY_SOURCE: [string, string][] = [
  ["GHSA-", "ghsa"], ["PYSEC-", "pypa"], ["GO-", "go"], ["RUSTSEC-", "rustsec"], ["ALSA-", "almalinux"],
  ["ALBA-", "almalinux"], ["UBUNTU-", "ubuntu"], ["USN-", "ubuntu"], ["DSA-", "debian"], ["DLA-", "debian"],
];

export function severitySource(id: string): string {
  return SEVERITY_SOURCE.find(([p]) => id.startsWith(p))?.[1] ?? "osv";
}

export function parseOsv(raw: RawRecord): OsvRecord {
  if (raw.error) throw new MalformedRecord(raw.error);
  const parsed = safeParse(osvRecord, raw.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedRecord(`not an OSV record: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}

function severities(rec: OsvRecord, source: string): Severity[] {
  const out: Severity[] = [];
  for (const s of rec.severity) {
    if (s.type.startsWith("CVSS_")) out.push({ source, type: s.type, vector: s.score });
    else out.push({ source, type: "vendor", rating: s.score.toLowerCase() });
  }
  const dbSev = rec.database_specific?.severity;
  if (typeof dbSev === "string" && dbSev) out.push({ source, type: "vendor", rating: dbSev.toLowerCase() });
  // Red Hat-family errata (ALSA, RLSA, RHSA in OSV) carry their impact only as the summary's prefix:
  // "Moderate: openssl security update".
  const impact = /^(Critical|Important|Moderate|Low):\s/.exec(rec.summary ?? "")?.[1];
  if (impact && !out.some((x) => x.type === "vendor")) out.push({ source, type: "vendor", rating: impact.toLowerCase() });
  return out;
}

function cwes(rec: OsvRecord): string[] {
  const ids = rec.database_specific?.cwe_ids;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
}

export function osvVulnerability(rec: OsvRecord, source: SourceName, extraAliases: string[] = []): VulnerabilityRecord {
  const v: VulnerabilityRecord = {
    id: rec.id,
    source,
    aliases: [...new Set([...rec.aliases, ...extraAliases])].filter((a) => a !== rec.id),
    related: [...new Set([...rec.related, ...rec.upstream])],
    severities: severities(rec, severitySource(rec.id)),
    cwes: cwes(rec),
    references: rec.references.map((r) => (r.type ? { url: r.url, type: r.type } : { url: r.url })),
  };
  if (rec.summary) v.title = rec.summary;
  if (rec.details) v.description = rec.details;
  if (rec.published) v.published = rec.published;
  if (rec.modified) v.modified = rec.modified;
  if (rec.withdrawn) v.withdrawn = rec.withdrawn;
  return v;
}

function ranges(a: OsvAffected, scheme: VersionRange["scheme"]): VersionRange[] {
  const out: VersionRange[] = [];
  for (const r of a.ranges) {
    const type = r.type.toUpperCase();
    if (type !== "ECOSYSTEM" && type !== "SEMVER") continue; // GIT ranges cannot be matched by version
    const events: RangeEvent[] = r.events.filter((e) => Object.keys(e).length > 0);
    out.push({ type: type === "SEMVER" ? "semver" : "ecosystem", scheme: type === "SEMVER" ? "semver" : scheme, events });
  }
  return out;
}

function stringList(v: unknown, key: string): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const val = typeof x === "object" && x !== null ? (x as Record<string, unknown>)[key] : undefined;
    return typeof val === "string" ? [val] : [];
  });
}

/** One affected entry → a row; undefined when its ecosystem is not one Dredge matches. */
export function osvAffectedRow(rec: OsvRecord, a: OsvAffected, source: SourceName): AffectedPackage | undefined {
  if (!a.package) return undefined;
  const ns = osvNamespace(a.package.ecosystem);
  if (!ns) return undefined;
  const rs = ranges(a, ns.scheme);
  const fixed = [...new Set(rs.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))))];
  const row: AffectedPackage = {
    vulnerabilityId: rec.id,
    source,
    namespace: ns.namespace,
    packageName: normalizePackageName(ns.namespace, a.package.name),
    status: fixed.length > 0 ? "fixed" : "affected",
    ranges: rs,
    versions: a.versions,
    fixedVersions: fixed,
  };
  const urgency = a.ecosystem_specific?.urgency;
  if (typeof urgency === "string") row.urgency = urgency;
  const binaries = stringList(a.ecosystem_specific?.binaries, "binary_name");
  if (binaries.length > 0) row.binaries = binaries;
  const availability = a.ecosystem_specific?.availability;
  if (typeof availability === "string") row.notes = [availability];
  return row;
}

export function transformOsv(raw: RawRecord, source: SourceName = "osv"): FeedOutput {
  const rec = parseOsv(raw);
  // A withdrawn advisory keeps its description but matches nothing.
  const affected = rec.withdrawn ? [] : rec.affected.flatMap((a) => osvAffectedRow(rec, a, source) ?? []);
  return { vulnerabilities: [osvVulnerability(rec, source)], affected };
}
