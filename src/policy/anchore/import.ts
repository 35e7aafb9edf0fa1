/**
 * `dredge policy import`: an Anchore policy bundle (v1_0: policies, whitelists, mappings, whitelisted and
 * blacklisted images) → a Dredge policy document, plus the list of what could not be converted. A mapping
 * naming several policies (`policy_ids`) gets one policy holding all their rules.
 */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { POLICY_SCHEMA_VERSION } from "../document/schema.js";
import { anchoreAction, convertRule, type AnchoreRule } from "./rules.js";
import { safeParse } from "../../util/schema.js";

const str = z.string().max(4096);
const param = z.object({ name: str, value: z.union([str, z.number(), z.boolean()]).transform(String) });
const ruleSchema = z.object({ id: str.optional(), gate: str, trigger: str, action: str, params: z.array(param).max(100).prefault([]) });
const policySchema = z.object({ id: str, name: str.optional(), comment: str.optional(), rules: z.array(ruleSchema).max(10_000).prefault([]) });
const itemSchema = z.object({ id: str.optional(), gate: str, trigger_id: str, expires_on: str.optional() });
const whitelistSchema = z.object({ id: str, name: str.optional(), comment: str.optional(), items: z.array(itemSchema).max(100_000).prefault([]) });
const imageSel = z.object({ type: str, value: str });
const mappingSchema = z.object({
  id: str.optional(), name: str.optional(), registry: str.prefault("*"), repository: str.prefault("*"), image: imageSel.optional(),
  policy_id: str.optional(), policy_ids: z.array(str).max(100).optional(), whitelist_ids: z.array(str).max(100).prefault([]),
});
const imageRuleSchema = z.object({ id: str.optional(), name: str.optional(), registry: str.prefault("*"), repository: str.prefault("*"), image: imageSel.optional() });
export const anchoreBundleSchema = z.object({
  id: str.optional(), name: str.optional(), version: str.optional(), comment: str.optional(), description: str.optional(),
  policies: z.array(policySchema).max(1000),
  whitelists: z.array(whitelistSchema).max(1000).prefault([]),
  mappings: z.array(mappingSchema).max(10_000).prefault([]),
  whitelisted_images: z.array(imageRuleSchema).max(10_000).prefault([]),
  blacklisted_images: z.array(imageRuleSchema).max(10_000).prefault([]),
});

type Bundle = z.output<typeof anchoreBundleSchema>;

export interface Unconverted {
  /** Where in the bundle: `policies[0].rules[3]`, `mappings[1]`. */
  where: string;
  what: string;
  reason: string;
}

export interface ImportResult {
  document: Record<string, unknown>;
  unconverted: Unconverted[];
  converted: number;
}

const tagOf = (image: { type: string; value: string } | undefined, where: string, out: Unconverted[]): string => {
  if (!image || image.type === "tag") return image?.value ?? "*";
  out.push({ where, what: `image ${image.type} ${image.value}`, reason: "only tag selectors convert; the selector now matches every tag" });
  return "*";
};

function convertPolicy(p: Bundle["policies"][number], index: number, out: Unconverted[]): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  p.rules.forEach((r, i) => {
    const where = `policies[${index}].rules[${i}]`;
    const params = Object.fromEntries(r.params.map((x) => [x.name, x.value]));
    const what = `${r.gate}/${r.trigger} ${r.action}${r.params.length ? ` ${JSON.stringify(params)}` : ""}${r.id ? ` (id ${r.id})` : ""}`;
    const action = anchoreAction(r.action);
    if (!action) return void out.push({ where, what, reason: `action "${r.action}" is not STOP, WARN or GO` });
    const c = convertRule({ ...r, params } as AnchoreRule);
    if ("reason" in c) return void out.push({ where, what, reason: c.reason });
    c.rules.forEach((cr, j) => rules.push({ ...(r.id ? { id: c.rules.length > 1 ? `${r.id}-${j + 1}` : r.id } : {}), gate: cr.gate, trigger: cr.trigger, params: cr.params, action, comment: `imported from Anchore ${r.gate}/${r.trigger}` }));
  });
  return rules;
}

function convertItems(w: Bundle["whitelists"][number]): Record<string, unknown>[] {
  return w.items.map((it) => {
    const plus = it.gate === "vulnerabilities" ? it.trigger_id.indexOf("+") : -1;
    const id = plus > 0 ? it.trigger_id.slice(0, plus) : it.trigger_id;
    const pkg = plus > 0 ? it.trigger_id.slice(plus + 1) : undefined;
    const expires = it.expires_on?.slice(0, 10);
    return { id, ...(pkg && pkg !== "*" ? { package: pkg } : {}), ...(expires ? { expires } : {}), reason: `imported from Anchore whitelist ${w.name ?? w.id}${it.id ? ` item ${it.id}` : ""}` };
  });
}

export function importAnchoreBundle(input: unknown): ImportResult {
  const r = safeParse(anchoreBundleSchema, input);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new DredgeError("INVALID_CONFIG", `not an Anchore policy bundle: ${first?.path.join(".") || "(top)"}: ${first?.message ?? ""}`, {
      hint: "dredge policy import reads Anchore policy bundles (version 1_0 JSON: policies, whitelists, mappings)",
    });
  }
  const b = r.data;
  const unconverted: Unconverted[] = [];
  const rulesOf = new Map(b.policies.map((p, i) => [p.id, convertPolicy(p, i, unconverted)]));
  const converted = [...rulesOf.values()].reduce((n, l) => n + l.length, 0);
  const policies = new Map(b.policies.map((p) => [p.id, { id: p.id, ...(p.name ? { name: p.name } : {}), ...(p.comment ? { comment: p.comment } : {}), rules: rulesOf.get(p.id)! }]));
  const mappings = b.mappings.flatMap((m, i) => {
    const ids = m.policy_ids ?? (m.policy_id ? [m.policy_id] : []);
    const known = ids.filter((id) => policies.has(id));
    if (!known.length) {
      unconverted.push({ where: `mappings[${i}]`, what: `mapping ${m.name ?? m.id ?? i}`, reason: "names no policy of the bundle" });
      return [];
    }
    let policy = known[0]!;
    if (known.length > 1) {
      policy = known.join("+");
      policies.set(policy, { id: policy, name: `${known.map((k) => policies.get(k)?.name ?? k).join(" + ")}`, rules: known.flatMap((k) => policies.get(k)!.rules.map((x) => ({ ...x, ...(x.id ? { id: `${k}/${String(x.id)}` } : {}) }))) });
    }
    const tag = tagOf(m.image, `mappings[${i}]`, unconverted);
    return [{ ...(m.name ? { name: m.name } : {}), registry: m.registry, repository: m.repository, tag, policy, allowlists: m.whitelist_ids.filter((w) => b.whitelists.some((x) => x.id === w)) }];
  });
  const images = (list: Bundle["whitelisted_images"], key: string) =>
    list.map((x, i) => ({ registry: x.registry, repository: x.repository, tag: tagOf(x.image, `${key}[${i}]`, unconverted), ...(x.name ? { reason: `imported from Anchore ${key} ${x.name}` } : {}) }));
  const allow = images(b.whitelisted_images, "whitelisted_images");
  const deny = images(b.blacklisted_images, "blacklisted_images");
  const document: Record<string, unknown> = {
    version: POLICY_SCHEMA_VERSION,
    name: b.name ?? b.id ?? "imported Anchore bundle",
    comment: `Imported from Anchore policy bundle ${b.id ?? ""}${b.version ? ` (version ${b.version})` : ""} by dredge policy import.`.replace("  ", " "),
    policies: [...policies.values()],
    allowlists: b.whitelists.map((w) => ({ id: w.id, ...(w.name ? { name: w.name } : {}), items: convertItems(w) })),
    mappings,
    ...(allow.length || deny.length ? { images: { allow, deny } } : {}),
  };
  return { document, unconverted, converted };
}
