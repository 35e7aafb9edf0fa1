/**
 * Every package of an inventory through the first matcher that handles it. Identical packages (same type,
 * name, version, source, arch, vendor) are matched once: images repeat the same package at many paths.
 */
import type { AdvisoryStore } from "../db/store.js";
import { findingPackage, findingsFor, type FindingOptions } from "../matcher/findings.js";
import { matchers } from "../matcher/registry.js";
import type { VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { fromRegistry } from "../model/classify.js";
import { fullVersion } from "../model/version.js";
import { pushAll } from "../util/array.js";

const identity = (p: Package): string =>
  [p.type, p.name, fullVersion(p), p.source?.name, p.source?.version, p.arch, p.vendor, fromRegistry(p)].join("\u0000");

/** The store with per-run memos of the per-vulnerability queries (findings share advisories). */
function memoStore(store: AdvisoryStore): AdvisoryStore {
  const memo = <T>(f: (id: string) => T) => {
    const m = new Map<string, T>();
    return (id: string): T => {
      if (!m.has(id)) m.set(id, f(id));
      return m.get(id)!;
    };
  };
  return {
    ...store,
    lookup: (ns, name) => store.lookup(ns, name),
    metadata: () => store.metadata(),
    namespaces: () => store.namespaces(),
    close: () => store.close(),
    vulnerability: memo((id) => store.vulnerability(id)),
    aliasGroup: memo((id) => store.aliasGroup(id)),
    kev: memo((id) => store.kev(id)),
    epss: memo((id) => store.epss(id)),
    fixSince: (ns, name, id) => store.fixSince?.(ns, name, id),
  };
}

export function matchInventory(inv: Inventory, rawStore: AdvisoryStore, warn: (m: string) => void, opts: FindingOptions = {}): VulnerabilityFinding[] {
  const store = memoStore(rawStore);
  const ctx = { store, os: inv.os, warn };
  const memo = new Map<string, VulnerabilityFinding[]>();
  const out: VulnerabilityFinding[] = [];
  for (const pkg of inv.packages) {
    const matcher = matchers.find((m) => m.handles(pkg, inv.os));
    if (!matcher) continue;
    const key = `${matcher.id}\u0000${identity(pkg)}`;
    let found = memo.get(key);
    if (!found) {
      found = findingsFor(matcher.match(pkg, ctx), store, opts);
      memo.set(key, found);
      pushAll(out, found);
    } else if (found.length) {
      const fp = findingPackage(pkg);
      for (const f of found) out.push({ ...f, package: fp });
    }
  }
  return out;
}
