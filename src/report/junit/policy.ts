/**
 * The policy in JUnit: one test suite, one test case per rule. A rule that stops is a <failure>; a rule
 * that was not evaluated is <skipped>; a rule that warns passes with its hits in <system-out> (WARN does not
 * fail the gate unless --fail-on-warn, so it does not fail the test either).
 */
import type { PolicyEvaluation, RuleResult } from "../../model/policy.js";
import { xmlEscape as x } from "../common/escape.js";
import { expiredLines, hitLines, verdictLine } from "../common/policy.js";

export interface PolicySuite { xml: string; tests: number; failures: number; skipped: number }

function testcase(r: RuleResult, classname: string): string {
  const open = `    <testcase classname="${x(classname)}" name="${x(`${r.id}: ${r.gate}/${r.trigger} (${r.action})`)}" time="0">`;
  if (r.outcome === "skipped") return `${open}\n      <skipped message="${x(`not evaluated: ${r.skipped ?? ""}`)}"/>\n    </testcase>`;
  if (r.effectiveAction === "STOP") {
    return `${open}\n      <failure message="${x(`STOP: ${hitLines(r)[0] ?? ""}`)}" type="policy:STOP">${x(hitLines(r).join("\n"))}</failure>\n    </testcase>`;
  }
  if (r.outcome === "fired") return `${open}\n      <system-out>${x([`${r.effectiveAction ?? r.action}:`, ...hitLines(r)].join("\n"))}</system-out>\n    </testcase>`;
  return open.replace(/>$/, "/>");
}

export function policySuite(e: PolicyEvaluation, timestamp: string, name = `policy ${e.policy.id}`): PolicySuite {
  const cases = e.rules.map((r) => testcase(r, name));
  const failures = e.rules.filter((r) => r.outcome !== "skipped" && r.effectiveAction === "STOP").length;
  const skipped = e.rules.filter((r) => r.outcome === "skipped").length;
  // An image denied by the policy's image list, or matched by no mapping, has no failing rule: one case says so.
  if (e.finalAction === "STOP" && failures === 0) {
    cases.push(`    <testcase classname="${x(name)}" name="image passes the policy" time="0">\n      <failure message="${x(verdictLine(e))}" type="policy:STOP"/>\n    </testcase>`);
  }
  const failed = failures + (e.finalAction === "STOP" && failures === 0 ? 1 : 0);
  const out = [verdictLine(e), `revision ${e.policy.revision}`, ...expiredLines(e).map((l) => `${l} (ignored)`)].join("\n");
  const tests = Math.max(cases.length, 1);
  if (!cases.length) cases.push(`    <testcase classname="${x(name)}" name="no rules" time="0"/>`);
  const head = `  <testsuite name="${x(name)}" tests="${tests}" failures="${failed}" errors="0" skipped="${skipped}" time="0" timestamp="${timestamp}">`;
  return { xml: [head, ...cases, `    <system-out>${x(out)}</system-out>`, "  </testsuite>"].join("\n"), tests, failures: failed, skipped };
}
