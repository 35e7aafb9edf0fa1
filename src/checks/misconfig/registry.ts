/** Every misconfiguration rule, for `dredge config --list-rules` and for lookups by id. */
import { dockerfileRules } from "./dockerfile/index.js";
import { imageRules } from "./image/index.js";
import { kubernetesRules } from "./kubernetes/index.js";
import type { RuleMeta, RuleTarget } from "./types.js";

/** Rule metadata (no check functions), sorted by id. */
export function listRules(target?: RuleTarget): RuleMeta[] {
  const all: RuleMeta[] = [...imageRules, ...dockerfileRules, ...kubernetesRules].map(({ check: _check, ...meta }) => meta);
  return all.filter((r) => target === undefined || r.target === target).sort((a, b) => a.id.localeCompare(b.id));
}

export function ruleById(id: string): RuleMeta | undefined {
  return listRules().find((r) => r.id === id);
}
