/**
 * The `oracle` feed: Oracle Linux ELSA OVAL (one parser for every release; the OVAL XML or vuln-list's
 * JSON of it). Rows are per (CVE, package) in `oracle:<major>`, fixed at the EVR the criteria name; a
 * range carries the criteria's qualifiers — CPU architectures when their fixed builds differ, the module
 * stream, Ksplice builds — which the Oracle MatchSpec (src/distro/oracle) checks against the package.
 * Severity (`IMPORTANT`, `MODERATE`…) is lower-cased; the ELSA itself is stored with its CVEs as related.
 */
import type { AffectedPackage, FeedOutput, RangeQualifiers, Severity, VersionRange, VulnerabilityRecord } from "../../model.js";
import { MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { child, parseXml } from "../xml.js";
import { elsaFixes, type ElsaFix } from "./criteria.js";
import { definitionFromJson, definitionFromXml, type ElsaDefinition } from "./definition.js";
import { fetchOracle, ORACLE_URL, type OracleRaw } from "./fetch.js";

const key = (f: ElsaFix): string => `${f.release}\u0000${f.name}`;

/**
 * One package's fixes → ranges: one per (fixed, module, ksplice). Architectures are kept only where the
 * same (module, ksplice) build line has different fixed builds per architecture (ELSA-2022-4803).
 */
function rangesOf(fixes: readonly ElsaFix[]): VersionRange[] {
  const byBuild = new Map<string, { fix: ElsaFix; arches: Set<string>; anyArch: boolean }>();
  const fixedPerLine = new Map<string, Set<string>>();
  const line = (f: ElsaFix): string => `${f.module ?? ""}\u0000${f.ksplice}`;
  for (const f of fixes) {
    const k = `${f.fixed}\u0000${line(f)}`;
    const e = byBuild.get(k) ?? { fix: f, arches: new Set<string>(), anyArch: false };
    if (f.arch) e.arches.add(f.arch);
    else e.anyArch = true;
    byBuild.set(k, e);
    fixedPerLine.set(line(f), (fixedPerLine.get(line(f)) ?? new Set<string>()).add(f.fixed));
  }
  return [...byBuild.values()].map(({ fix, arches, anyArch }) => {
    const q: RangeQualifiers = {};
    if ((fixedPerLine.get(line(fix))?.size ?? 0) > 1 && !anyArch && arches.size) q.arch = [...arches].sort();
    if (fix.module) q.module = fix.module;
    if (fix.ksplice) q.ksplice = true;
    const range: VersionRange = { type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { fixed: fix.fixed }] };
    if (Object.keys(q).length) range.qualifiers = q;
    return range;
  });
}

function records(def: ElsaDefinition, severity: string | undefined): VulnerabilityRecord[] {
  const vendor: Severity[] = severity ? [{ source: "oracle", type: "vendor", rating: severity }] : [];
  const base = { source: "oracle" as const, aliases: [], cwes: [], ...(def.issued ? { published: def.issued } : {}) };
  const elsa: VulnerabilityRecord = {
    ...base, id: def.id, related: def.cves.map((c) => c.id), severities: vendor,
    references: [{ url: `https://linux.oracle.com/errata/${def.id}.html`, type: "ADVISORY" }],
    ...(def.title ? { title: def.title } : {}), ...(def.description ? { description: def.description } : {}),
  };
  const cves = def.cves.map((c): VulnerabilityRecord => {
    const m = /^([\d.]+)\/(CVSS:3\.\d\/\S+)$/.exec(c.cvss3 ?? "");
    return {
      ...base, id: c.id, related: [def.id],
      severities: m ? [{ source: "oracle", type: "CVSS_V3", vector: m[2]!, score: Number(m[1]) }] : [],
      references: [{ url: `https://linux.oracle.com/cve/${c.id}.html` }],
    };
  });
  return [elsa, ...cves];
}

export function elsaRows(def: ElsaDefinition): FeedOutput {
  const severity = def.severity?.trim().toLowerCase() || undefined;
  const groups = new Map<string, ElsaFix[]>();
  for (const f of elsaFixes(def.criteria)) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  const ids = def.cves.length ? def.cves.map((c) => c.id) : [def.id];
  const affected: AffectedPackage[] = [];
  for (const fixes of groups.values()) {
    const ranges = rangesOf(fixes);
    const fixed = [...new Set(ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))))];
    for (const id of ids) {
      affected.push({
        vulnerabilityId: id, source: "oracle", namespace: `oracle:${fixes[0]!.release}`, packageName: fixes[0]!.name,
        status: "fixed", ranges, versions: [], fixedVersions: fixed, advisories: [def.id],
        ...(severity ? { severity } : {}),
      });
    }
  }
  return { vulnerabilities: records(def, severity), affected };
}

function transformOracle(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  const r = raw.data as OracleRaw;
  const xml = r.kind === "oval" ? child(parseXml(String(r.data)), "definition") : undefined;
  const def = r.kind === "oval" ? (xml ? definitionFromXml(xml) : undefined) : definitionFromJson(r.data);
  if (!def) throw new MalformedRecord("not an ELSA definition (no ELSA id or no criteria)");
  return elsaRows(def);
}

export const oracleSource: FeedSource = {
  name: "oracle",
  defaultLocation: ORACLE_URL,
  description: "Oracle Linux ELSA OVAL (com.oracle.elsa-ol7/8/9.xml.bz2; or vuln-list JSON)",
  fetch: fetchOracle,
  transform: transformOracle,
};
