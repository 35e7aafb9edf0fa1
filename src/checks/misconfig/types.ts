/** Misconfiguration rules: metadata shared by every family, and the check signature per input kind. */
import type { MisconfigFinding, Severity } from "../../model/finding.js";

export type RuleTarget = "image" | "dockerfile" | "kubernetes";
export type PssLevel = "baseline" | "restricted";

export interface RuleMeta {
  /** Stable id: DRG-IMG-001, DRG-DF-001, DRG-K8S-001. */
  id: string;
  target: RuleTarget;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: string[];
  /** Kubernetes rules: the Pod Security Standards level the rule belongs to, if any. */
  pss?: PssLevel;
}

/** What a check reports; the registry turns it into a MisconfigFinding with the rule's metadata. */
export interface RuleHit {
  message: string;
  location?: MisconfigFinding["location"];
}

export interface Rule<TInput> extends RuleMeta {
  check(input: TInput): RuleHit[];
}

export function toFinding(rule: RuleMeta, hit: RuleHit): MisconfigFinding {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    message: hit.message,
    remediation: rule.remediation,
    references: rule.references,
    ...(hit.location ? { location: hit.location } : {}),
  };
}

/** Runs every rule over one input, in rule order. */
export function runRules<T>(rules: readonly Rule<T>[], input: T): MisconfigFinding[] {
  return rules.flatMap((r) => r.check(input).map((h) => toFinding(r, h)));
}
