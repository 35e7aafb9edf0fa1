/** The markdown report's policy section: the verdict, a table of the rules that fired, skipped rules and expired allowlist items. */
import type { PolicyEvaluation } from "../../model/policy.js";
import { mdCell } from "../common/escape.js";
import { expiredLines, firedRules, hitLines, policyFacts, verdictLine } from "../common/policy.js";

const icon = { STOP: "⛔", WARN: "⚠️", GO: "✅" } as const;

export function policyMarkdown(e: PolicyEvaluation): string[] {
  const out = ["### Policy", "", `**${icon[e.finalAction]} ${mdCell(verdictLine(e))}**`, "", ...policyFacts(e).map((l) => `_${mdCell(l)}_  `), ""];
  const fired = firedRules(e);
  if (fired.length) {
    out.push("| Rule | Gate/trigger | Action | Why |", "| --- | --- | --- | --- |");
    for (const r of fired) out.push(`| ${mdCell(r.id)} | ${mdCell(`${r.gate}/${r.trigger}`)} | ${r.effectiveAction ?? r.action} | ${hitLines(r).map(mdCell).join("<br>")} |`);
    out.push("");
  }
  for (const r of e.rules.filter((x) => x.outcome === "skipped")) out.push(`> **Not evaluated:** rule ${mdCell(r.id)}: ${mdCell(r.skipped)}`, "");
  for (const l of expiredLines(e)) out.push(`> **Expired allowlist item (ignored):** ${mdCell(l)}`, "");
  return out;
}
