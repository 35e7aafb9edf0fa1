/** What the human formats say about a policy evaluation: the verdict line, the rules that fired, expired allowlist items. */
import type { PolicyEvaluation, RuleResult } from "../../model/policy.js";

/** Hits shown per rule in human formats (the JSON report lists them all, up to the evaluation's limit). */
export const HITS_SHOWN = 5;

export const firedRules = (e: PolicyEvaluation): RuleResult[] => e.rules.filter((r) => r.outcome === "fired");

export function verdictLine(e: PolicyEvaluation): string {
  return `Policy ${e.policy.id}${e.policy.name ? ` (${e.policy.name})` : ""}: ${e.finalAction} — ${e.reason}`;
}

export function policyFacts(e: PolicyEvaluation): string[] {
  return [
    `revision ${e.policy.revision} from ${e.policy.source}${e.mapping ? `, mapping ${e.mapping}` : ""}${e.allowlists.length ? `, allowlists ${e.allowlists.join(", ")}` : ""}`,
    e.database ? `database built ${e.database.builtAt} (schema ${e.database.schemaVersion})` : "no vulnerability database",
  ];
}

/** Up to HITS_SHOWN hit messages of a rule (not allowlisted), and how many more. */
export function hitLines(r: RuleResult): string[] {
  const live = r.hits.filter((h) => !h.allowlisted);
  const lines = live.slice(0, HITS_SHOWN).map((h) => `${h.message}${h.grace ? ` (WARN: published ${h.grace.published.slice(0, 10)}, within the ${h.grace.days}-day grace window)` : ""}`);
  const more = live.length - lines.length + (r.omittedHits ?? 0);
  if (more > 0) lines.push(`… and ${more} more`);
  return lines;
}

export const expiredLines = (e: PolicyEvaluation): string[] =>
  e.expiredAllowlistItems.map((x) => `allowlist ${x.allowlist}: ${x.id}${x.package ? ` (${x.package})` : ""} expired on ${x.expires} — ${x.reason}`);
