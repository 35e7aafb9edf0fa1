/** The record of one policy evaluation: what every report format shows and the server stores. Types only. */

/** A rule's action and the final verdict: STOP if any rule stops, else WARN if any warns, else GO. */
export type PolicyAction = "STOP" | "WARN" | "GO";
export const policyActions: readonly PolicyAction[] = ["STOP", "WARN", "GO"];

export interface PolicyHit {
  message: string;
  findingId: string;
  package?: string;
  /** The action this hit contributes (the rule's, or WARN inside the grace window). */
  action: PolicyAction;
  /** The vulnerability was published less than the grace window ago: STOP became WARN. */
  grace?: { days: number; published: string };
  /** An allowlist item covers the hit: it contributes nothing. */
  allowlisted?: { allowlist: string; id: string; package?: string; reason: string; expires?: string };
}

export type RuleOutcome = "fired" | "passed" | "skipped";

export interface RuleResult {
  id: string;
  gate: string;
  trigger: string;
  params: unknown;
  /** The rule's configured action. */
  action: PolicyAction;
  outcome: RuleOutcome;
  /** What the rule contributes to the final action: the strongest action of its hits that are not allowlisted. */
  effectiveAction?: PolicyAction;
  /** Why a rule was not evaluated (data it needs is missing). */
  skipped?: string;
  hits: PolicyHit[];
  /** Hits not shown (over the per-rule limit): counted, not listed. */
  omittedHits?: number;
}

export interface ExpiredAllowlistItem {
  allowlist: string;
  id: string;
  package?: string;
  expires: string;
  reason: string;
}

export interface PolicyEvaluation {
  /** STOP when any rule stops (or the image is denied), else WARN when any rule warns, else GO. */
  finalAction: PolicyAction;
  /** One line saying why. */
  reason: string;
  policy: { id: string; name?: string; revision: string; source: string; schemaVersion: number };
  /** The mapping that chose the policy (its name, or its position). */
  mapping?: string;
  allowlists: string[];
  image: { registry: string; repository: string; tag?: string; digest?: string };
  /** The database the findings came from, as the report names it. */
  database?: { builtAt: string; schemaVersion: number; digest?: string };
  evaluatedAt: string;
  /** The image matched `images.deny` (STOP whatever the rules say) or `images.allow` (GO). */
  imageList?: { list: "allow" | "deny"; reason?: string };
  rules: RuleResult[];
  /** Allowlist items past their expiry: ignored, and reported here. */
  expiredAllowlistItems: ExpiredAllowlistItem[];
  /** Rules skipped, expired items: the same for people. */
  warnings: string[];
}
