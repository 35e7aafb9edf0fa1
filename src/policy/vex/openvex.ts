/**
 * OpenVEX documents (https://github.com/openvex/spec), as `vexctl create`/`vexctl merge` write them:
 * version 0.2.0 (`products: [{ "@id": purl, identifiers: { purl }, subcomponents: [...] }]`) and the
 * older 0.0.1 shape (`vulnerability: "CVE-…"`, `products: ["pkg:…"]`, statement-level `subcomponents`).
 */
import { z } from "zod";
import { vexSchemaError } from "./errors.js";
import { dateTime, firstTime } from "./timestamps.js";
import type { VexDocument, VexProduct, VexStatement } from "./types.js";
import { safeParse } from "../../util/schema.js";

const identifiers = z.object({ purl: z.string().optional(), cpe22: z.string().optional(), cpe23: z.string().optional() });
const componentRef = z.union([
  z.string().min(1),
  z.object({ "@id": z.string().optional(), identifiers: identifiers.optional() }),
]);
const component = z.union([
  z.string().min(1),
  z.object({
    "@id": z.string().optional(),
    identifiers: identifiers.optional(),
    subcomponents: z.array(componentRef).max(100_000).optional(),
  }),
]);
const vulnerability = z.union([
  z.string().min(1),
  z.object({ "@id": z.string().optional(), name: z.string().min(1), aliases: z.array(z.string()).optional() }),
]);
const justification = z.enum([
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
]);
const statement = z
  .object({
    vulnerability,
    products: z.array(component).max(100_000).optional(),
    subcomponents: z.array(componentRef).max(100_000).optional(),
    status: z.enum(["not_affected", "affected", "fixed", "under_investigation"]),
    justification: justification.optional(),
    impact_statement: z.string().optional(),
    action_statement: z.string().optional(),
    status_notes: z.string().optional(),
    timestamp: dateTime.optional(),
    last_updated: dateTime.optional(),
  })
  .refine((s) => s.status !== "not_affected" || s.justification !== undefined || s.impact_statement !== undefined, {
    message: "a not_affected statement needs a justification or an impact_statement",
  });
export const openVexSchema = z.object({
  "@context": z.string().regex(/^https:\/\/openvex\.dev\/ns/, "must be an openvex.dev context"),
  "@id": z.string().min(1),
  author: z.string().optional(),
  timestamp: dateTime.optional(),
  last_updated: dateTime.optional(),
  statements: z.array(statement).max(1_000_000),
});
type Ref = z.infer<typeof componentRef>;
type Statement = z.infer<typeof statement>;

/** The purl of a component: identifiers.purl, else an `@id` that is a purl. */
function purlOf(c: Ref): string | undefined {
  if (typeof c === "string") return c.startsWith("pkg:") ? c : undefined;
  if (c.identifiers?.purl) return c.identifiers.purl;
  return c["@id"]?.startsWith("pkg:") ? c["@id"] : undefined;
}

function products(s: Statement, where: string, warnings: string[]): VexProduct[] {
  const legacySubs = (s.subcomponents ?? []).map(purlOf).filter((p): p is string => p !== undefined);
  const out: VexProduct[] = [];
  for (const p of s.products ?? []) {
    const subs = typeof p === "string" ? [] : (p.subcomponents ?? []).map(purlOf).filter((x): x is string => !!x);
    const purl = purlOf(p);
    const all = [...subs, ...legacySubs];
    if (purl === undefined && all.length === 0) {
      warnings.push(`${where}: product ${JSON.stringify(p)} has no purl; Dredge cannot match it`);
      continue;
    }
    out.push(purl === undefined ? { subcomponents: all } : { purl, subcomponents: all });
  }
  if (out.length === 0) warnings.push(`${where}: statement has no product Dredge can match; it is ignored`);
  return out;
}

function toStatement(s: Statement, where: string, docTime: number | undefined, warnings: string[]): VexStatement {
  const v = s.vulnerability;
  const out: VexStatement = {
    vulnerability: typeof v === "string" ? v : v.name,
    aliases: typeof v === "string" ? [] : (v.aliases ?? []),
    status: s.status,
    products: products(s, where, warnings),
  };
  const time = firstTime(s.last_updated, s.timestamp) ?? docTime;
  if (time !== undefined) out.timestamp = time;
  if (s.justification) out.justification = s.justification;
  if (s.impact_statement !== undefined) out.impactStatement = s.impact_statement;
  if (s.status_notes !== undefined) out.statusNotes = s.status_notes;
  if (s.action_statement !== undefined) out.actionStatement = s.action_statement;
  return out;
}

export function parseOpenVex(data: unknown, file: string): VexDocument {
  const parsed = safeParse(openVexSchema, data);
  if (!parsed.success) throw vexSchemaError(file, "OpenVEX", parsed.error);
  const doc = parsed.data;
  const warnings: string[] = [];
  const docTime = firstTime(doc.timestamp, doc.last_updated);
  const statements = doc.statements.map((s, i) => toStatement(s, `${file}: statements[${i}]`, docTime, warnings));
  const out: VexDocument = { format: "openvex", id: doc["@id"], file, statements, warnings };
  if (doc.author !== undefined) out.author = doc.author;
  return out;
}
