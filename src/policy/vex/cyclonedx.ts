/**
 * CycloneDX VEX: a CycloneDX JSON BOM whose `vulnerabilities[]` carry `analysis.state` and `affects[].ref`.
 * A ref is a purl, a bom-ref of a component in the same BOM (resolved to its purl), or a BOM-Link
 * `urn:cdx:<serial>/<version>#<bom-ref>` whose fragment is a purl or a bom-ref of this BOM.
 * States map to VEX statuses: not_affected and false_positive → not_affected; resolved and
 * resolved_with_pedigree → fixed; exploitable → affected; in_triage → under_investigation.
 */
import { z } from "zod";
import { vexSchemaError } from "./errors.js";
import { dateTime, firstTime } from "./timestamps.js";
import type { VexDocument, VexStatement, VexStatus } from "./types.js";
import { safeParse } from "../../util/schema.js";

const states = ["resolved", "resolved_with_pedigree", "exploitable", "in_triage", "false_positive", "not_affected"] as const;
type State = (typeof states)[number];
const stateToStatus: Record<State, VexStatus> = {
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
  false_positive: "not_affected",
  not_affected: "not_affected",
};

const vulnerability = z.object({
  id: z.string().min(1),
  references: z.array(z.object({ id: z.string().min(1) })).optional(),
  analysis: z
    .object({
      state: z.enum(states).optional(),
      justification: z.string().optional(),
      detail: z.string().optional(),
      response: z.array(z.string()).optional(),
      firstIssued: dateTime.optional(),
      lastUpdated: dateTime.optional(),
    })
    .optional(),
  affects: z.array(z.object({ ref: z.string().min(1) })).max(100_000).optional(),
  published: dateTime.optional(),
  updated: dateTime.optional(),
});
const looseComponent = z.looseObject({ "bom-ref": z.string().optional(), purl: z.string().optional() });
export const cycloneDxVexSchema = z.object({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string(),
  serialNumber: z.string().optional(),
  metadata: z.object({ timestamp: dateTime.optional(), component: looseComponent.optional() }).optional(),
  components: z.array(looseComponent).max(1_000_000).optional(),
  vulnerabilities: z.array(vulnerability).max(1_000_000).optional(),
});
type Bom = z.infer<typeof cycloneDxVexSchema>;
type Vuln = z.infer<typeof vulnerability>;

/** bom-ref → purl over the metadata component and all (nested, up to 64 levels) components. */
function bomRefs(bom: Bom): Map<string, string> {
  const refs = new Map<string, string>();
  const stack: { c: unknown; depth: number }[] = [];
  if (bom.metadata?.component) stack.push({ c: bom.metadata.component, depth: 0 });
  for (const c of bom.components ?? []) stack.push({ c, depth: 0 });
  while (stack.length > 0) {
    const { c, depth } = stack.pop() as { c: unknown; depth: number };
    const parsed = safeParse(looseComponent, c);
    if (!parsed.success) continue;
    const { "bom-ref": ref, purl } = parsed.data;
    if (ref !== undefined && purl !== undefined) refs.set(ref, purl);
    const children = (c as { components?: unknown }).components;
    if (depth < 64 && Array.isArray(children)) for (const k of children) stack.push({ c: k, depth: depth + 1 });
  }
  return refs;
}

function resolveRef(ref: string, refs: Map<string, string>): string | undefined {
  if (ref.startsWith("pkg:")) return ref;
  const known = refs.get(ref);
  if (known !== undefined) return known;
  const hash = ref.startsWith("urn:cdx:") ? ref.indexOf("#") : -1;
  if (hash < 0) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return undefined;
  }
  return fragment.startsWith("pkg:") ? fragment : refs.get(fragment);
}

function toStatement(v: Vuln, where: string, ctx: { refs: Map<string, string>; docTime?: number; warnings: string[] }): VexStatement | undefined {
  const state = v.analysis?.state;
  if (state === undefined) return undefined;
  const products = [];
  for (const { ref } of v.affects ?? []) {
    const purl = resolveRef(ref, ctx.refs);
    if (purl === undefined) ctx.warnings.push(`${where}: affects ref ${ref} does not resolve to a purl; it is ignored`);
    else products.push({ purl, subcomponents: [] });
  }
  if (products.length === 0) ctx.warnings.push(`${where}: ${v.id} has no affects ref Dredge can match; it is ignored`);
  const out: VexStatement = {
    vulnerability: v.id,
    aliases: (v.references ?? []).map((r) => r.id),
    status: stateToStatus[state],
    products,
  };
  const a = v.analysis;
  const time = firstTime(a?.lastUpdated, a?.firstIssued, v.updated, v.published) ?? ctx.docTime;
  if (time !== undefined) out.timestamp = time;
  if (a?.justification !== undefined) out.justification = a.justification;
  if (a?.detail !== undefined) out.impactStatement = a.detail;
  if (a?.response !== undefined && a.response.length > 0) out.actionStatement = a.response.join(", ");
  return out;
}

export function parseCycloneDxVex(data: unknown, file: string): VexDocument {
  const parsed = safeParse(cycloneDxVexSchema, data);
  if (!parsed.success) throw vexSchemaError(file, "CycloneDX VEX", parsed.error);
  const bom = parsed.data;
  const warnings: string[] = [];
  const ctx = { refs: bomRefs(bom), docTime: firstTime(bom.metadata?.timestamp), warnings };
  const statements: VexStatement[] = [];
  (bom.vulnerabilities ?? []).forEach((v, i) => {
    const s = toStatement(v, `${file}: vulnerabilities[${i}]`, ctx);
    if (s) statements.push(s);
  });
  if (statements.length === 0) warnings.push(`${file}: CycloneDX document has no vulnerabilities with analysis.state`);
  return { format: "cyclonedx", id: bom.serialNumber ?? file, file, statements, warnings };
}
