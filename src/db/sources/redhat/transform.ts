/** Red Hat CSAF (VEX or advisory) → CVE descriptions + per-RHEL-major package rows. */
import type { AffectedPackage, AffectedStatus, Severity, VulnerabilityRecord } from "../../model.js";
import type { FeedOutput } from "../../model.js";
import { MalformedRecord, type RawRecord } from "../types.js";
import { ProductIndex } from "./products.js";
import { csafDocument, type CsafVulnerability } from "./schema.js";
import { safeParse } from "../../../util/schema.js";

function remediationStatus(v: CsafVulnerability, productId: string): { status: AffectedStatus; note?: string } {
  for (const r of v.remediations) {
    if (!r.product_ids?.includes(productId)) continue;
    const details = (r.details ?? "").toLowerCase();
    if (r.category === "no_fix_planned") {
      if (details.includes("out of support")) return { status: "end_of_life", note: r.details };
      return { status: "will_not_fix", note: r.details };
    }
    if (r.category === "none_available" && details.includes("deferred")) return { status: "fix_deferred", note: r.details };
  }
  return { status: "affected" };
}

function vulnerability(v: CsafVulnerability, advisory: string): VulnerabilityRecord {
  const severities: Severity[] = [];
  for (const s of v.scores) {
    if (s.cvss_v3) severities.push({ source: "redhat", type: "CVSS_V3", vector: s.cvss_v3.vectorString, score: s.cvss_v3.baseScore });
    if (s.cvss_v2) severities.push({ source: "redhat", type: "CVSS_V2", vector: s.cvss_v2.vectorString, score: s.cvss_v2.baseScore });
  }
  const impact = v.threats.find((t) => t.category === "impact")?.details;
  if (impact) severities.push({ source: "redhat", type: "vendor", rating: impact.toLowerCase() });
  const rec: VulnerabilityRecord = {
    id: v.cve, source: "redhat", aliases: [], related: advisory.startsWith("RH") ? [advisory] : [], severities,
    cwes: v.cwe ? [v.cwe.id] : [], references: v.references.map((r) => ({ url: r.url, ...(r.category ? { type: r.category } : {}) })),
  };
  const desc = v.notes.find((n) => n.category === "description")?.text ?? v.notes.find((n) => n.category === "summary")?.text;
  if (v.title) rec.title = v.title;
  if (desc) rec.description = desc;
  if (v.release_date) rec.published = v.release_date;
  return rec;
}

function rows(v: CsafVulnerability, index: ProductIndex, advisory: string): AffectedPackage[] {
  const impact = v.threats.find((t) => t.category === "impact")?.details?.toLowerCase();
  const out: AffectedPackage[] = [];
  const add = (productId: string, kind: "fixed" | "affected" | "under_investigation" | "not_affected"): void => {
    const p = index.resolve(productId);
    if (!p) return;
    const rem = kind === "affected" ? remediationStatus(v, productId) : { status: kind };
    const fixed = kind === "fixed" && p.version ? [p.version] : [];
    if (kind === "fixed" && fixed.length === 0) return;
    const row: AffectedPackage = {
      vulnerabilityId: v.cve, source: "redhat", namespace: p.namespace, packageName: p.name, status: rem.status,
      ranges: kind === "not_affected" ? [] : [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
      versions: [], fixedVersions: fixed,
    };
    if (impact) row.severity = impact;
    if ("note" in rem && rem.note) row.notes = [rem.note];
    if (kind === "fixed" && advisory.startsWith("RH")) row.advisories = [advisory];
    out.push(row);
  };
  for (const id of v.product_status.fixed ?? []) add(id, "fixed");
  for (const id of v.product_status.known_affected ?? []) add(id, "affected");
  for (const id of v.product_status.under_investigation ?? []) add(id, "under_investigation");
  for (const id of v.product_status.known_not_affected ?? []) add(id, "not_affected");
  return out;
}

/**
 * Real product trees are a few levels deep (vendor, product family, product, version). The schema and the
 * product index recurse on `branches`: a document nested deeper is refused before they see it (a stack
 * overflow otherwise).
 */
const MAX_BRANCH_DEPTH = 32;

function branchesTooDeep(data: unknown): boolean {
  const stack: [unknown, number][] = [[(data as { product_tree?: { branches?: unknown } } | null)?.product_tree?.branches, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [list, depth] = top;
    if (!Array.isArray(list)) continue;
    if (depth > MAX_BRANCH_DEPTH) return true;
    for (const b of list) stack.push([(b as { branches?: unknown } | null)?.branches, depth + 1]);
  }
  return false;
}

export function transformCsaf(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  if (branchesTooDeep(raw.data)) throw new MalformedRecord(`product tree branches nested more than ${MAX_BRANCH_DEPTH} deep`);
  const parsed = safeParse(csafDocument, raw.data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new MalformedRecord(`not a CSAF document: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`);
  }
  const doc = parsed.data;
  const index = new ProductIndex(doc);
  const advisory = doc.document.tracking.id;
  return {
    vulnerabilities: doc.vulnerabilities.map((v) => vulnerability(v, advisory)),
    affected: doc.vulnerabilities.flatMap((v) => rows(v, index, advisory)),
  };
}
