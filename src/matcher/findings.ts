/** Raw matches of one package → findings, one per alias group (CVE ↔ GHSA ↔ PYSEC ↔ distro ids). */
import type { AdvisoryStore } from "../db/store.js";
import type { VulnerabilityRecord } from "../db/model.js";
import type { FindingPackage, FindingStatus, FixDate, VulnerabilityFinding } from "../model/finding.js";
import { recordHasFix } from "../db/fix-history.js";
import type { Package } from "../model/package.js";
import { fullVersion } from "../model/version.js";
import { isOsPackage } from "../model/classify.js";
import { get as scheme } from "../versioning/index.js";
import { chooseSeverity, chooseSeverityFrom, cvssScores } from "./severity.js";
import type { RawMatch } from "./types.js";
import { pushTo } from "../util/array.js";

export function findingPackage(p: Package): FindingPackage {
  return {
    name: p.name,
    version: fullVersion(p),
    type: p.type,
    purl: p.purl,
    class: isOsPackage(p) ? "os" : "library",
    source: p.source ? { name: p.source.name, version: p.source.version } : undefined,
    path: p.locations[0]?.path,
    layer: p.layer,
    ...(p.dev ? { dev: true } : {}),
  };
}

export interface FindingOptions {
  /** `--vuln-severity-source`: sources whose rating wins, in order (`auto` = the default choice). */
  severitySources?: readonly string[];
}

export function findingsFor(matches: readonly RawMatch[], store: AdvisoryStore, opts: FindingOptions = {}): VulnerabilityFinding[] {
  const groups = new Map<string, RawMatch[]>();
  for (const m of matches) {
    const g = store.aliasGroup(m.record.vulnerabilityId);
    pushTo(groups, g, m);
  }
  return [...groups].map(([group, list]) => finding(group, list, store, opts));
}

function finding(group: string, list: readonly RawMatch[], store: AdvisoryStore, opts: FindingOptions): VulnerabilityFinding {
  const first = list[0]!;
  const ids = new Set<string>([group, ...list.map((m) => m.record.vulnerabilityId)]);
  const advisories = [...ids].map((id) => store.vulnerability(id)).filter((a) => a !== undefined);
  for (const a of advisories) for (const x of a.aliases) ids.add(x);
  const records = advisories.flatMap((a) => a.records).filter((r) => !r.withdrawn);
  const primary = [...ids].find((i) => i.startsWith("CVE-")) ?? group;
  const rows = list.map((m) => m.record);
  const order = opts.severitySources;
  const sev = order && !(order.length === 1 && order[0] === "auto") ? chooseSeverityFrom(order, records, rows, first.distro) : chooseSeverity(records, rows, first.distro);
  const cves = [...ids].filter((i) => i.startsWith("CVE-"));
  const kev = cves.map((c) => store.kev(c)).find((k) => k !== undefined);
  const epss = cves.map((c) => store.epss(c)).find((e) => e !== undefined);
  const described = preferDescribed(records);
  return {
    id: primary,
    aliases: [...ids].filter((i) => i !== primary).sort(),
    title: described?.title ?? firstLine(described?.description),
    description: described?.description,
    package: findingPackage(first.pkg),
    installedVersion: first.installed,
    fixedVersions: fixedVersions(list),
    status: status(list),
    severity: sev.severity,
    severitySource: sev.source,
    vendorSeverity: sev.vendor,
    cvss: cvssScores(records),
    cwes: [...new Set(records.flatMap((r) => r.cwes))].sort(),
    kev: kev?.dateAdded ? { dateAdded: kev.dateAdded, dueDate: kev.dueDate, knownRansomware: kev.knownRansomwareCampaignUse === "Known" } : undefined,
    epss: epss ? { score: epss.score, percentile: epss.percentile, date: epss.date } : undefined,
    references: [...new Set(records.flatMap((r) => r.references.map((x) => x.url)))].slice(0, 30),
    published: records.map((r) => r.published).find(Boolean),
    modified: records.map((r) => r.modified).find(Boolean),
    ...fixDate(list, store),
    notes: notes(list),
    dataSource: { id: first.record.source, name: `${first.record.source} (${first.record.namespace})` },
  };
}

/** The earliest date the database's fix history gives for the fixed records of the match (src/db/fix-history.ts). */
function fixDate(list: readonly RawMatch[], store: AdvisoryStore): { fixAvailableSince?: FixDate } {
  let best: FixDate | undefined;
  for (const { record: r } of list) {
    if (!recordHasFix(r)) continue;
    const e = store.fixSince?.(r.namespace, r.packageName, r.vulnerabilityId);
    if (e && (!best || e.since < best.date)) best = { date: e.since, origin: e.origin };
  }
  return best ? { fixAvailableSince: best } : {};
}

/** The description users read: the ecosystem's own advisory first, NVD's as the fallback. */
function preferDescribed(records: readonly VulnerabilityRecord[]): VulnerabilityRecord | undefined {
  const order = (r: VulnerabilityRecord) => (r.source === "nvd" ? 2 : r.title || r.description ? 0 : 1);
  return [...records].sort((a, b) => order(a) - order(b)).find((r) => r.title || r.description);
}

const firstLine = (t: string | undefined) => t?.split("\n")[0]?.slice(0, 200);

function status(list: readonly RawMatch[]): FindingStatus {
  if (list.some((m) => m.record.fixedVersions.length > 0 || m.record.status === "fixed")) return "fixed";
  return list[0]!.record.status;
}

/** Fixed versions above the installed one, lowest first (what to upgrade to). */
function fixedVersions(list: readonly RawMatch[]): string[] {
  const m0 = list[0]!;
  const s = scheme(m0.scheme);
  const all = new Set<string>();
  for (const m of list) {
    for (const f of m.record.fixedVersions) all.add(f);
    for (const r of m.record.ranges) for (const e of r.events) if (e.fixed) all.add(e.fixed);
  }
  const above = [...all].filter((f) => s.isValid(f) && s.compare(f, m0.installed) > 0);
  return above.sort((a, b) => s.compare(a, b));
}

function notes(list: readonly RawMatch[]): string[] | undefined {
  const out = new Set<string>();
  for (const m of list) {
    for (const n of m.record.notes ?? []) out.add(n);
    if (m.record.urgency && /unimportant|end-of-life/i.test(m.record.urgency)) out.add(`${m.record.source}: ${m.record.urgency}`);
    if (m.record.status !== "fixed" && m.record.status !== "affected") out.add(`${m.record.source}: ${m.record.status.replace(/_/g, " ")}`);
  }
  return out.size ? [...out] : undefined;
}
