/** Every package of an inventory through the first matcher that handles it. */
import type { AdvisoryStore } from "../db/store.js";
import { findingsFor } from "../matcher/findings.js";
import { matchers } from "../matcher/registry.js";
import type { VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";

export function matchInventory(inv: Inventory, store: AdvisoryStore, warn: (m: string) => void): VulnerabilityFinding[] {
  const ctx = { store, os: inv.os, warn };
  const out: VulnerabilityFinding[] = [];
  for (const pkg of inv.packages) {
    const matcher = matchers.find((m) => m.handles(pkg, inv.os));
    if (!matcher) continue;
    out.push(...findingsFor(matcher.match(pkg, ctx), store));
  }
  return out;
}
