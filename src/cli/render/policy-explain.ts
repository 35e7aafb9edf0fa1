/** `dredge policy test`: the verdict explained rule by rule, every hit listed (allowlisted and graced ones marked). */
import type { PolicyEvaluation, PolicyHit, RuleResult } from "../../model/policy.js";
import { terminalSafe } from "../../report/common/escape.js";
import { policyFacts, verdictLine } from "../../report/common/policy.js";

function hitLine(h: PolicyHit): string {
  const marks = [
    h.grace ? `WARN instead of STOP: published ${h.grace.published.slice(0, 10)}, within the ${h.grace.days}-day grace window` : "",
    h.allowlisted ? `allowed by ${h.allowlisted.allowlist}: ${h.allowlisted.id}${h.allowlisted.package ? ` (${h.allowlisted.package})` : ""} — ${h.allowlisted.reason}${h.allowlisted.expires ? ` (until ${h.allowlisted.expires})` : ""}` : "",
  ].filter(Boolean);
  return `    - ${h.allowlisted ? "(allowed) " : `${h.action} `}${h.message}${marks.length ? `\n      ${marks.join("\n      ")}` : ""}`;
}

function ruleLines(r: RuleResult): string[] {
  const head = `  ${r.id}: ${r.gate}/${r.trigger} ${JSON.stringify(r.params)} → ${r.action}`;
  if (r.outcome === "skipped") return [head, `    not evaluated: ${r.skipped ?? ""}`];
  const allowed = r.hits.filter((h) => h.allowlisted).length;
  const summary = r.outcome === "fired"
    ? `    fired: ${r.effectiveAction} (${r.hits.length - allowed + (r.omittedHits ?? 0)} hit${r.hits.length - allowed === 1 ? "" : "s"}${allowed ? `, ${allowed} allowed` : ""})`
    : `    passed${allowed ? ` (${allowed} hit${allowed === 1 ? "" : "s"}, all allowed)` : ""}`;
  return [head, summary, ...r.hits.map(hitLine), ...(r.omittedHits ? [`    … ${r.omittedHits} more hits not listed`] : [])];
}

export function explainEvaluation(e: PolicyEvaluation, label?: string): string {
  const img = `${e.image.registry ? `${e.image.registry}/` : ""}${e.image.repository}${e.image.tag ? `:${e.image.tag}` : ""}${e.image.digest ? `@${e.image.digest}` : ""}`;
  const lines = [
    ...(label ? [`== ${label}`] : []),
    `Image: ${img}`,
    `Policy ${e.policy.id}${e.policy.name ? ` (${e.policy.name})` : ""}: ${policyFacts(e).join("; ")}`,
    ...(e.imageList ? [`Image list: the image is in images.${e.imageList.list}${e.imageList.reason ? ` (${e.imageList.reason})` : ""}`] : []),
    "Rules:",
    ...(e.rules.length ? e.rules.flatMap(ruleLines) : ["  (none)"]),
    ...e.expiredAllowlistItems.map((x) => `Expired allowlist item (ignored): ${x.allowlist}: ${x.id}${x.package ? ` (${x.package})` : ""}, expired ${x.expires} — ${x.reason}`),
    `Verdict: ${verdictLine(e)}`,
  ];
  return lines.map(terminalSafe).join("\n") + "\n";
}
