/**
 * The policy in SARIF: one rule and one result per rule that fired (`policy/<rule id>`; STOP is an error,
 * WARN a warning, GO a note), located at the scanned artifact; the verdict in the run's properties.
 */
import type { ScanReport } from "../../model/finding.js";
import type { PolicyAction, PolicyEvaluation } from "../../model/policy.js";
import { firedRules, hitLines, verdictLine } from "../common/policy.js";

type Json = Record<string, unknown>;

const level = (a: PolicyAction): string => (a === "STOP" ? "error" : a === "WARN" ? "warning" : "note");

export const policyRuleId = (id: string): string => `policy/${id}`;

export function policyRules(e: PolicyEvaluation): Json[] {
  return firedRules(e).map((r) => ({
    id: policyRuleId(r.id),
    name: `Policy${r.gate}${r.trigger}`.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: `Policy rule ${r.id}: ${r.gate}/${r.trigger} (${r.action})` },
    fullDescription: { text: `Policy ${e.policy.id} rule ${r.id}: gate ${r.gate}, trigger ${r.trigger}, params ${JSON.stringify(r.params)}, action ${r.action}.` },
    defaultConfiguration: { level: level(r.action) },
    properties: { tags: ["policy", r.gate] },
  }));
}

export function policyResults(report: ScanReport, e: PolicyEvaluation): Json[] {
  const uri = encodeURI(report.artifact.name.replace(/^\/+/, ""));
  return firedRules(e).map((r) => ({
    ruleId: policyRuleId(r.id),
    ruleIndex: 0,
    level: level(r.effectiveAction ?? r.action),
    message: { text: [`${r.effectiveAction ?? r.action}: policy rule ${r.id} (${r.gate}/${r.trigger})`, ...hitLines(r), verdictLine(e)].join("\n") },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: "ROOTPATH" }, region: { startLine: 1, endLine: 1 } }, message: { text: report.artifact.name } }],
    partialFingerprints: { "dredgePolicy/v1": `${e.policy.id}/${r.id}/${report.artifact.name}` },
    properties: { policyRevision: e.policy.revision, hits: r.hits.filter((h) => !h.allowlisted).length + (r.omittedHits ?? 0) },
  }));
}

export function policyRunProperties(e: PolicyEvaluation): Json {
  return { policy: { finalAction: e.finalAction, reason: e.reason, id: e.policy.id, revision: e.policy.revision, evaluatedAt: e.evaluatedAt } };
}
