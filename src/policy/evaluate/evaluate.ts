/**
 * `evaluatePolicy`: a pure function from a loaded policy and an image's facts (PolicySubject) to the
 * evaluation record. No I/O, no clock (`subject.now`), so the server can re-run it on stored data.
 */
import type { LoadedPolicy } from "../document/load.js";
import type { Policy, PolicyRule } from "../document/schema.js";
import { daysSince } from "../gate/common.js";
import { gateNamed } from "../gate/registry.js";
import type { Hit, PolicyAction, PolicySubject, TriggerResult } from "../gate/types.js";
import { allowlistsOf, type AllowlistSet } from "./allowlist.js";
import { selectFor } from "./mapping.js";
import type { PolicyEvaluation, PolicyHit, RuleResult } from "../../model/policy.js";

/** Hits listed per rule; more are counted (`omittedHits`) and still decide the action. */
export const MAX_LISTED_HITS = 1000;

const rank: Record<PolicyAction, number> = { GO: 0, WARN: 1, STOP: 2 };
export const strongest = (actions: readonly PolicyAction[]): PolicyAction | undefined =>
  actions.reduce<PolicyAction | undefined>((a, b) => (a === undefined || rank[b] > rank[a] ? b : a), undefined);

function graceDays(rule: PolicyRule, policy: Policy): number | undefined {
  if (rule.grace === false) return undefined;
  return rule.grace?.days ?? policy.grace?.days;
}

function judgeHit(hit: Hit, rule: PolicyRule, grace: number | undefined, lists: AllowlistSet, now: Date): PolicyHit {
  let action = rule.action;
  const out: PolicyHit = hit.package ? { message: hit.message, findingId: hit.findingId, package: hit.package, action } : { message: hit.message, findingId: hit.findingId, action };
  const age = action === "STOP" && grace !== undefined ? daysSince(hit.published, now) : undefined;
  if (grace !== undefined && age !== undefined && age <= grace) {
    action = "WARN";
    out.action = action;
    out.grace = { days: grace, published: hit.published! };
  }
  const allowed = lists.cover(hit);
  if (allowed) out.allowlisted = allowed;
  return out;
}

function runTrigger(rule: PolicyRule, subject: PolicySubject): TriggerResult & { graceApplies: boolean } {
  const gate = gateNamed(rule.gate);
  const trig = gate?.triggers[rule.trigger];
  // The schema checked gate and trigger names; a document built by hand may not have been.
  if (!gate || !trig) return { skipped: `unknown gate/trigger ${rule.gate}/${rule.trigger}`, graceApplies: false };
  const evaluate = trig.evaluate as (p: unknown, s: PolicySubject) => TriggerResult;
  return { ...evaluate(rule.params, subject), graceApplies: gate.grace === true };
}

function evaluateRule(rule: PolicyRule & { id: string }, policy: Policy, subject: PolicySubject, lists: AllowlistSet): RuleResult {
  const base = { id: rule.id, gate: rule.gate, trigger: rule.trigger, params: rule.params, action: rule.action };
  const r = runTrigger(rule, subject);
  if ("skipped" in r) return { ...base, outcome: "skipped", skipped: r.skipped, hits: [] };
  const grace = r.graceApplies ? graceDays(rule, policy) : undefined;
  const hits = r.hits.map((h) => judgeHit(h, rule, grace, lists, subject.now));
  let effective: PolicyAction | undefined;
  for (const h of hits) if (!h.allowlisted && (effective === undefined || rank[h.action] > rank[effective])) effective = h.action;
  const listed = hits.length > MAX_LISTED_HITS ? hits.slice(0, MAX_LISTED_HITS) : hits;
  return {
    ...base,
    outcome: effective ? "fired" : "passed",
    ...(effective ? { effectiveAction: effective } : {}),
    hits: listed,
    ...(hits.length > listed.length ? { omittedHits: hits.length - listed.length } : {}),
  };
}

function summary(final: PolicyAction, rules: readonly RuleResult[]): string {
  const by = rules.filter((r) => r.effectiveAction === final && final !== "GO").map((r) => r.id);
  if (!by.length) return final === "GO" ? "no rule stops or warns" : final;
  return `${by.length} ${final} rule${by.length > 1 ? "s" : ""}: ${by.join(", ")}`;
}

export function evaluatePolicy(loaded: LoadedPolicy, subject: PolicySubject): PolicyEvaluation {
  const doc = loaded.document;
  const sel = selectFor(doc, subject.image);
  const policy = sel.mapping ? doc.policies.find((p) => p.id === sel.mapping!.mapping.policy) : undefined;
  const listIds = sel.mapping?.mapping.allowlists ?? [];
  const lists = allowlistsOf(doc, listIds, subject.now);
  const rules = policy ? policy.rules.map((r) => evaluateRule(r as PolicyRule & { id: string }, policy, subject, lists)) : [];
  let final = strongest(rules.flatMap((r) => (r.effectiveAction ? [r.effectiveAction] : []))) ?? "GO";
  let reason = summary(final, rules);
  const { repository, tag } = subject.image;
  if (!policy) [final, reason] = ["STOP", `no mapping of the policy matches ${repository}${tag ? `:${tag}` : ""}`];
  if (sel.allow && !sel.deny) [final, reason] = ["GO", `the image is allowed (images.allow)${sel.allow.reason ? `: ${sel.allow.reason}` : ""}`];
  if (sel.deny) [final, reason] = ["STOP", `the image is denied (images.deny)${sel.deny.reason ? `: ${sel.deny.reason}` : ""}`];
  const m = sel.mapping;
  const db = subject.report.database;
  return {
    finalAction: final,
    reason,
    policy: { id: policy?.id ?? "(none)", ...(policy?.name ? { name: policy.name } : {}), revision: loaded.revision, source: loaded.source, schemaVersion: doc.version },
    ...(m ? { mapping: m.mapping.name ?? `mappings[${m.index}]` } : {}),
    allowlists: listIds,
    image: subject.image,
    ...(db ? { database: { builtAt: db.builtAt, schemaVersion: db.schemaVersion, ...(db.digest ? { digest: db.digest } : {}) } } : {}),
    evaluatedAt: subject.now.toISOString(),
    ...(sel.deny ? { imageList: { list: "deny" as const, ...(sel.deny.reason ? { reason: sel.deny.reason } : {}) } } : sel.allow ? { imageList: { list: "allow" as const, ...(sel.allow.reason ? { reason: sel.allow.reason } : {}) } } : {}),
    rules,
    expiredAllowlistItems: lists.expired,
    warnings: [
      ...rules.flatMap((r) => (r.skipped ? [`policy rule ${r.id} (${r.gate}/${r.trigger}) was not evaluated: ${r.skipped}`] : [])),
      ...lists.expired.map((e) => `allowlist ${e.allowlist}: item ${e.id}${e.package ? ` (${e.package})` : ""} expired on ${e.expires}; it no longer allows anything`),
    ],
  };
}

/** Whether an evaluation fails the gate: STOP always, WARN with `failOnWarn`. */
export const policyFails = (e: Pick<PolicyEvaluation, "finalAction">, failOnWarn: boolean): boolean =>
  e.finalAction === "STOP" || (failOnWarn && e.finalAction === "WARN");
