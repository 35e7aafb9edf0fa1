/**
 * The policy file, version 1 (docs/policy.md): policies of rules (gate + trigger + params + action),
 * allowlists, mappings from image names to a policy and allowlists, allowed and denied images. A short form
 * (top-level `rules`, `grace` and `allowlist`) is one policy `default` with one allowlist `default`.
 * Each rule's params are checked by its trigger's own schema, so errors point into `params`.
 */
import { z } from "zod";
import { didYouMean } from "../../util/did-you-mean.js";
import { isValidDate } from "../ignore/expiry.js";
import { gateNamed, gateNames } from "../gate/registry.js";
import { policyActions, type PolicyAction } from "../gate/types.js";
import { safeParse } from "../../util/schema.js";

export const POLICY_SCHEMA_VERSION = 1;

const id = z.string().min(1).max(128);
const glob = z.string().min(1).max(256);
const day = z.union([z.string().refine(isValidDate, { error: "is not a date YYYY-MM-DD" }), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const action = z.preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(policyActions as [PolicyAction, ...PolicyAction[]]));
const grace = z.strictObject({ days: z.number().int().min(0).max(3650) });

const rule = z
  .strictObject({
    id: id.optional(),
    gate: z.string().max(64),
    trigger: z.string().max(64),
    params: z.record(z.string(), z.unknown()).prefault({}),
    action,
    /** Per-rule grace window (vulnerabilities gate); `false` turns the policy's off for this rule. */
    grace: z.union([grace, z.literal(false)]).optional(),
    comment: z.string().max(4096).optional(),
  })
  .transform((r, ctx) => {
    const gate = gateNamed(r.gate);
    if (!gate) {
      ctx.issues.push({ code: "custom", input: r.gate, path: ["gate"], message: `unknown gate "${r.gate}"${didYouMean(r.gate, gateNames)} (gates: ${gateNames.join(", ")})` });
      return z.NEVER;
    }
    const trig = gate.triggers[r.trigger];
    if (!trig) {
      const names = Object.keys(gate.triggers);
      ctx.issues.push({ code: "custom", input: r.trigger, path: ["trigger"], message: `unknown trigger "${r.trigger}" of gate ${gate.name}${didYouMean(r.trigger, names)} (triggers: ${names.join(", ")})` });
      return z.NEVER;
    }
    const p = safeParse(trig.params, r.params);
    if (!p.success) {
      for (const issue of p.error.issues) ctx.issues.push({ ...issue, path: ["params", ...issue.path] } as z.core.$ZodRawIssue);
      return z.NEVER;
    }
    return { ...r, params: p.data as unknown };
  });

const allowItem = z.strictObject({
  id: glob,
  package: glob.optional(),
  expires: day.optional(),
  reason: z.string().min(1).max(4096),
});

const allowlist = z.strictObject({ id, name: z.string().max(256).optional(), items: z.array(allowItem).max(10_000) });

const policy = z.strictObject({
  id,
  name: z.string().max(256).optional(),
  comment: z.string().max(4096).optional(),
  grace: grace.optional(),
  rules: z.array(rule).max(1000),
});

const imageSelector = {
  registry: glob.prefault("*"),
  repository: glob.prefault("*"),
  tag: glob.prefault("*"),
};

const mapping = z.strictObject({
  name: z.string().max(256).optional(),
  ...imageSelector,
  policy: id,
  allowlists: z.array(id).max(100).prefault([]),
});

const imageRule = z.strictObject({ ...imageSelector, reason: z.string().max(4096).optional() });

/**
 * Where the Kubernetes admission webhook honours the break-glass annotation (docs/server.md): namespace
 * globs. Absent or empty: nowhere.
 */
const breakGlass = z.strictObject({ namespaces: z.array(glob).max(1000).prefault([]), comment: z.string().max(4096).optional() });

export const policyDocumentSchema = z
  .strictObject({
    version: z.literal(POLICY_SCHEMA_VERSION, { error: `is not a supported policy version (this Dredge reads version ${POLICY_SCHEMA_VERSION})` }),
    name: z.string().max(256).optional(),
    comment: z.string().max(4096).optional(),
    rules: z.array(rule).max(1000).optional(),
    grace: grace.optional(),
    allowlist: z.array(allowItem).max(10_000).optional(),
    policies: z.array(policy).max(100).optional(),
    allowlists: z.array(allowlist).max(100).optional(),
    mappings: z.array(mapping).max(1000).optional(),
    images: z.strictObject({ allow: z.array(imageRule).max(10_000).prefault([]), deny: z.array(imageRule).max(10_000).prefault([]) }).optional(),
    breakGlass: breakGlass.optional(),
  })
  .superRefine((d, ctx) => checkReferences(d, ctx));

type RawDocument = z.output<typeof policyDocumentSchema>;

function checkReferences(d: Omit<RawDocument, "images" | "breakGlass">, ctx: z.core.$RefinementCtx): void {
  if (d.rules && d.policies) ctx.addIssue({ code: "custom", path: ["rules"], message: "use either top-level rules (one policy) or policies, not both" });
  if (!d.rules && !d.policies?.length) ctx.addIssue({ code: "custom", path: [], message: "needs rules or policies" });
  const policies = new Set((d.policies ?? []).map((p) => p.id));
  const lists = new Set((d.allowlists ?? []).map((a) => a.id));
  if (d.allowlist) lists.add("default");
  if (d.rules) policies.add("default");
  const dupes = (ids: string[]) => ids.filter((x, i) => ids.indexOf(x) !== i);
  for (const dup of dupes((d.policies ?? []).map((p) => p.id))) ctx.addIssue({ code: "custom", path: ["policies"], message: `duplicate policy id "${dup}"` });
  d.policies?.forEach((p, i) => {
    for (const dup of dupes(p.rules.flatMap((r) => (r.id ? [r.id] : [])))) ctx.addIssue({ code: "custom", path: ["policies", i, "rules"], message: `duplicate rule id "${dup}"` });
  });
  d.mappings?.forEach((m, i) => {
    if (!policies.has(m.policy)) ctx.addIssue({ code: "custom", path: ["mappings", i, "policy"], message: `names no policy of this file: "${m.policy}"` });
    m.allowlists.forEach((a, j) => lists.has(a) || ctx.addIssue({ code: "custom", path: ["mappings", i, "allowlists", j], message: `names no allowlist of this file: "${a}"` }));
  });
  if (!d.mappings && policies.size > 1) ctx.addIssue({ code: "custom", path: ["mappings"], message: "several policies need mappings saying which applies to which image" });
}

export type PolicyRule = z.output<typeof rule>;
export type AllowlistItem = z.output<typeof allowItem>;
export type Allowlist = z.output<typeof allowlist>;
export type Policy = z.output<typeof policy>;
export type Mapping = z.output<typeof mapping>;
export type ImageRule = z.output<typeof imageRule>;

/** The document with the short form expanded: every policy, allowlist and mapping explicit. */
export interface PolicyDocument {
  version: number;
  name?: string;
  policies: Policy[];
  allowlists: Allowlist[];
  mappings: Mapping[];
  images: { allow: ImageRule[]; deny: ImageRule[] };
  /** Namespace globs where admission honours the break-glass annotation (none: nowhere). */
  breakGlass: { namespaces: string[] };
}

export function normaliseDocument(d: RawDocument): PolicyDocument {
  const policies = d.policies ?? [{ id: "default", grace: d.grace, rules: d.rules ?? [] }];
  const allowlists = [...(d.allowlists ?? []), ...(d.allowlist ? [{ id: "default", items: d.allowlist }] : [])];
  const mappings = d.mappings ?? [{ registry: "*", repository: "*", tag: "*", policy: policies[0]!.id, allowlists: allowlists.map((a) => a.id) }];
  return {
    version: d.version,
    ...(d.name ? { name: d.name } : {}),
    policies: policies.map((p) => ({ ...p, rules: p.rules.map((r, i) => ({ ...r, id: r.id ?? `${p.id}-${i + 1}` })) })),
    allowlists,
    mappings,
    images: d.images ?? { allow: [], deny: [] },
    breakGlass: { namespaces: d.breakGlass?.namespaces ?? [] },
  };
}
