/**
 * One ELSA as an OVAL definition, from either shape: Oracle's OVAL XML (`<definition class="patch">`) or
 * aquasecurity/vuln-list's JSON conversion (`Criteria` / `Criterias` / `Criterions`). Both become
 * `ElsaDefinition`; the criteria tree keeps only what the logic needs, the criterion comments (tests are
 * named by them: "httpd is earlier than 0:2.4.37-65.0.1.module+el8…", "Oracle Linux arch is x86_64").
 */
import { z } from "zod";
import { MalformedRecord } from "../types.js";
import { attr, child, childText, children, text, type XmlNode } from "../xml.js";
import { safeParse } from "../../../util/schema.js";

export interface CriteriaNode {
  operator: "AND" | "OR";
  comments: string[];
  children: CriteriaNode[];
}

export interface ElsaDefinition {
  /** `ELSA-2024-4197`. */
  id: string;
  title?: string;
  description?: string;
  /** As Oracle wrote it (`IMPORTANT`, `MODERATE`). */
  severity?: string;
  issued?: string;
  cves: { id: string; cvss3?: string }[];
  references: string[];
  criteria: CriteriaNode;
}

/** Real criteria are 6–8 levels deep; deeper ones are refused. */
export const MAX_CRITERIA_DEPTH = 32;
const CVE = /^CVE-\d{4}-\d+$/;
const ELSA = /^ELSA-\d{4}-\d+$/;

const operator = (v: unknown): "AND" | "OR" => (typeof v === "string" && v.toUpperCase() === "OR" ? "OR" : "AND");

function xmlCriteria(node: XmlNode | undefined, depth: number): CriteriaNode {
  if (depth > MAX_CRITERIA_DEPTH) throw new MalformedRecord(`criteria nested more than ${MAX_CRITERIA_DEPTH} deep`);
  return {
    operator: operator(attr(node, "operator")),
    comments: children(node, "criterion").map((c) => attr(c, "comment") ?? ""),
    children: children(node, "criteria").map((c) => xmlCriteria(c, depth + 1)),
  };
}

const idOf = (title: string | undefined): string | undefined => /\b(ELSA-\d{4}-\d+)\b/.exec(title ?? "")?.[1];

export function definitionFromXml(def: XmlNode): ElsaDefinition | undefined {
  const meta = child(def, "metadata");
  const refs = children(meta, "reference");
  const title = childText(meta, "title");
  const id = refs.map((r) => attr(r, "ref_id") ?? "").find((x) => ELSA.test(x)) ?? idOf(title);
  if (!id) return undefined;
  const advisory = child(meta, "advisory");
  const cves = new Map<string, { id: string; cvss3?: string }>();
  for (const c of children(advisory, "cve")) {
    const cid = text(c);
    if (cid && CVE.test(cid)) cves.set(cid, { id: cid, ...(attr(c, "cvss3") ? { cvss3: attr(c, "cvss3")! } : {}) });
  }
  for (const r of refs) {
    const rid = attr(r, "ref_id") ?? "";
    if (CVE.test(rid) && !cves.has(rid)) cves.set(rid, { id: rid });
  }
  const out: ElsaDefinition = {
    id, cves: [...cves.values()],
    references: refs.map((r) => attr(r, "ref_url") ?? "").filter(Boolean),
    criteria: xmlCriteria(child(def, "criteria"), 1),
  };
  const description = childText(meta, "description");
  const severity = childText(advisory, "severity");
  const issued = attr(child(advisory, "issued"), "date");
  if (title) out.title = title;
  if (description) out.description = description;
  if (severity) out.severity = severity;
  if (issued) out.issued = issued;
  return out;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, k: string): unknown => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined);

const jsonSchema = z.object({
  Title: z.string().optional(),
  Description: z.string().optional(),
  Severity: z.string().optional(),
  Issued: z.object({ Date: z.string().optional() }).optional(),
  References: z.array(z.object({ Source: z.string().optional(), URI: z.string().optional(), ID: z.string().optional() })).nullish(),
  Cves: z.array(z.object({ ID: z.string(), CVSS3: z.string().optional() })).nullish(),
  Criteria: z.unknown(),
});

/** vuln-list's criteria, read defensively (any field may be missing or of another type). */
function jsonCriteria(node: unknown, depth: number): CriteriaNode {
  if (depth > MAX_CRITERIA_DEPTH) throw new MalformedRecord(`criteria nested more than ${MAX_CRITERIA_DEPTH} deep`);
  return {
    operator: operator(field(node, "Operator")),
    comments: list(field(node, "Criterions")).map((c) => field(c, "Comment")).map((c) => (typeof c === "string" ? c : "")),
    children: list(field(node, "Criterias")).map((c) => jsonCriteria(c, depth + 1)),
  };
}

export function definitionFromJson(data: unknown): ElsaDefinition | undefined {
  const parsed = safeParse(jsonSchema, data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const refs = d.References ?? [];
  const id = refs.map((r) => r.ID ?? "").find((x) => ELSA.test(x)) ?? idOf(d.Title);
  if (!id || typeof d.Criteria !== "object" || d.Criteria === null) return undefined;
  const out: ElsaDefinition = {
    id,
    cves: (d.Cves ?? []).filter((c) => CVE.test(c.ID)).map((c) => ({ id: c.ID, ...(c.CVSS3 ? { cvss3: c.CVSS3 } : {}) })),
    references: refs.map((r) => r.URI ?? "").filter(Boolean),
    criteria: jsonCriteria(d.Criteria, 1),
  };
  if (d.Title) out.title = d.Title.trim();
  if (d.Description) out.description = d.Description;
  if (d.Severity) out.severity = d.Severity;
  if (d.Issued?.Date) out.issued = d.Issued.Date;
  return out;
}
