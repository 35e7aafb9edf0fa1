/**
 * SUSE CSAF → rows. Advisories (`SUSE-SU-…`, `openSUSE-SU-…`, category `csaf_security_advisory`) give the
 * fixes: one row per (namespace, package) keyed by the advisory id — as SUSE's OSV records and Trivy are —
 * with its CVEs as related ids and the fixed version-release from the product id. CSAF VEX documents (one per
 * CVE, `csaf_vex`) give what advisories cannot: `known_affected` (affected, no fix), `under_investigation`
 * and `known_not_affected`, keyed by the CVE; their `recommended` entries repeat the advisories and are not
 * stored again. SUSE's impact rating (`aggregate_severity`, per-CVE `impact`) becomes the row's severity.
 */
import type { AffectedPackage, AffectedStatus, FeedOutput, Severity, VulnerabilityRecord } from "../../model.js";
import { MalformedRecord, type RawRecord } from "../types.js";
import { SuseProducts } from "./products.js";
import { suseCsaf, type SuseCsaf, type SuseVulnerability } from "./schema.js";
import { safeParse } from "../../../util/schema.js";

function cveRecord(v: SuseVulnerability & { cve: string }, advisory?: string): VulnerabilityRecord {
  const severities: Severity[] = [];
  for (const s of v.scores) {
    if (s.cvss_v3) severities.push({ source: "suse", type: "CVSS_V3", vector: s.cvss_v3.vectorString, score: s.cvss_v3.baseScore });
    if (s.cvss_v2) severities.push({ source: "suse", type: "CVSS_V2", vector: s.cvss_v2.vectorString, score: s.cvss_v2.baseScore });
  }
  const impact = v.threats.find((t) => t.category === "impact")?.details;
  if (impact) severities.push({ source: "suse", type: "vendor", rating: impact.toLowerCase() });
  const description = v.notes.find((n) => n.category === "general" || n.category === "description")?.text;
  return {
    id: v.cve, source: "suse", aliases: [], related: advisory ? [advisory] : [], severities, cwes: [],
    references: v.references.map((r) => ({ url: r.url, ...(r.category ? { type: r.category } : {}) })),
    ...(description ? { description } : {}),
  };
}

function advisoryRecord(doc: SuseCsaf, cves: string[]): VulnerabilityRecord {
  const d = doc.document;
  const rating = d.aggregate_severity?.text.toLowerCase();
  const description = d.notes.find((n) => n.category === "description")?.text ?? d.notes.find((n) => n.category === "summary")?.text;
  return {
    id: d.tracking.id, source: "suse", aliases: [], related: cves, cwes: [],
    severities: rating ? [{ source: "suse", type: "vendor", rating }] : [],
    references: d.references.map((r) => ({ url: r.url, ...(r.category ? { type: r.category } : {}) })),
    ...(d.title ? { title: d.title } : {}),
    ...(description ? { description } : {}),
    ...(d.tracking.initial_release_date ? { published: d.tracking.initial_release_date } : {}),
    ...(d.tracking.current_release_date ? { modified: d.tracking.current_release_date } : {}),
  };
}

function row(id: string, p: { namespace: string; name: string }, status: AffectedStatus, fixed: string[], severity?: string): AffectedPackage {
  return {
    vulnerabilityId: id, source: "suse", namespace: p.namespace, packageName: p.name, status,
    ranges: status === "not_affected" ? [] : [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
    versions: [], fixedVersions: fixed,
    ...(severity ? { severity } : {}),
  };
}

function advisoryRows(doc: SuseCsaf, products: SuseProducts): AffectedPackage[] {
  const id = doc.document.tracking.id;
  const severity = doc.document.aggregate_severity?.text.toLowerCase();
  const rows = new Map<string, AffectedPackage>();
  for (const v of doc.vulnerabilities) {
    for (const pid of [...(v.product_status.recommended ?? []), ...(v.product_status.fixed ?? [])]) {
      const p = products.resolve(pid);
      if (!p?.version) continue;
      const key = `${p.namespace}|${p.name}`;
      const prev = rows.get(key);
      if (!prev) rows.set(key, { ...row(id, p, "fixed", [p.version], severity), advisories: [id] });
      else if (!prev.fixedVersions.includes(p.version)) {
        prev.fixedVersions.push(p.version);
        prev.ranges.push({ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { fixed: p.version }] });
      }
    }
  }
  return [...rows.values()];
}

/** VEX: the remediation SUSE gives an affected product (`none_available`, `no_fix_planned`). */
function affectedStatus(v: SuseVulnerability, pid: string): AffectedStatus {
  const r = v.remediations.find((x) => x.product_ids?.includes(pid));
  if (r?.category === "no_fix_planned") return "will_not_fix";
  return "affected";
}

function vexRows(v: SuseVulnerability & { cve: string }, products: SuseProducts): AffectedPackage[] {
  const severity = v.threats.find((t) => t.category === "impact")?.details?.toLowerCase();
  const rows = new Map<string, AffectedPackage>();
  const add = (pid: string, status: (pid: string) => AffectedStatus): void => {
    const p = products.resolve(pid);
    if (!p) return;
    const key = `${p.namespace}|${p.name}`;
    if (!rows.has(key)) rows.set(key, row(v.cve, p, status(pid), [], severity));
  };
  for (const pid of v.product_status.known_affected ?? []) add(pid, (x) => affectedStatus(v, x));
  for (const pid of v.product_status.under_investigation ?? []) add(pid, () => "under_investigation");
  for (const pid of v.product_status.known_not_affected ?? []) add(pid, () => "not_affected");
  return [...rows.values()];
}

const hasCve = (v: SuseVulnerability): v is SuseVulnerability & { cve: string } => typeof v.cve === "string";

export function transformSuseCsaf(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  const parsed = safeParse(suseCsaf, raw.data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new MalformedRecord(`not a SUSE CSAF document: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`);
  }
  const doc = parsed.data;
  const products = new SuseProducts(doc);
  const vulns = doc.vulnerabilities.filter(hasCve);
  if (doc.document.category === "csaf_vex") {
    return { vulnerabilities: vulns.map((v) => cveRecord(v)), affected: vulns.flatMap((v) => vexRows(v, products)) };
  }
  const id = doc.document.tracking.id;
  if (!/^(open)?SUSE-\w+-\d{4}:\d+-\d+$/i.test(id)) throw new MalformedRecord(`not a SUSE advisory id: ${JSON.stringify(id.slice(0, 60))}`);
  return {
    vulnerabilities: [advisoryRecord(doc, vulns.map((v) => v.cve)), ...vulns.map((v) => cveRecord(v, id))],
    affected: advisoryRows(doc, products),
  };
}
