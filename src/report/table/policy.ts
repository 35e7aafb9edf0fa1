/** The table report's policy section: the final action, the rules that fired with their first hits, skipped rules, expired allowlist items. */
import type { PolicyAction, PolicyEvaluation } from "../../model/policy.js";
import { terminalSafe } from "../common/escape.js";
import { firedRules, hitLines, policyFacts, verdictLine } from "../common/policy.js";
import { heading, makeTable, type Colors } from "./style.js";

const paint = (c: Colors, a: PolicyAction, text: string = a): string => (a === "STOP" ? c.bold(c.red(text)) : a === "WARN" ? c.yellow(text) : c.green(text));

export function policySection(e: PolicyEvaluation, c: Colors, width: number): string {
  const lines = [heading("Policy"), paint(c, e.finalAction, terminalSafe(verdictLine(e))), ...policyFacts(e).map((l) => c.dim(terminalSafe(l)))];
  const fired = firedRules(e);
  if (fired.length) {
    const rows = fired.map((r) => [terminalSafe(r.id), `${r.gate}/${r.trigger}`, paint(c, r.effectiveAction ?? r.action), terminalSafe(hitLines(r).join("\n"))]);
    const cols = [{ head: "Rule", max: 24 }, { head: "Gate/trigger", max: 32 }, { head: "Action", max: 6, keep: true }, { head: "Why", max: 120, flex: true }];
    lines.push("", makeTable(cols, rows, width).toString());
  } else lines.push("No rule fired.");
  const skipped = e.rules.filter((x) => x.outcome === "skipped").length;
  // The reasons are among the report's warnings, at the top.
  if (skipped || e.expiredAllowlistItems.length) lines.push(c.yellow(`${skipped} rule${skipped === 1 ? "" : "s"} not evaluated, ${e.expiredAllowlistItems.length} expired allowlist item${e.expiredAllowlistItems.length === 1 ? "" : "s"} ignored (see the warnings above)`));
  return lines.join("\n");
}
