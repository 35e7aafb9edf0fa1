/** The scanners a policy's rules read findings of: the pipeline turns them on so no rule is skipped for want of data. */
import type { LoadedPolicy } from "./document/load.js";
import { gateNamed } from "./gate/registry.js";
import type { FindingSource } from "./gate/types.js";

export function requiredScanners(policy: LoadedPolicy): FindingSource[] {
  const out = new Set<FindingSource>();
  for (const p of policy.document.policies) for (const r of p.rules) {
    const needs = gateNamed(r.gate)?.needs;
    if (needs) out.add(needs);
  }
  return [...out];
}
