/**
 * Every package of an inventory through the first matcher that handles it. Identical packages (same type,
 * name, version, source, arch, vendor) are matched once: images repeat the same package at many paths.
 */
import type { AdvisoryStore } from "../db/store.js";
import { findingPackage, findingsFor, type FindingOptions } from "../matcher/findings.js";
import { matchers } from "../matcher/registry.js";
import type { MatchContext, Matcher } from "../matcher/types.js";
import type { VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { fromRegistry } from "../model/classify.js";
import { fullVersion } from "../model/version.js";
import { pushAll } from "../util/array.js";
import type { PackageMatchCache } from "./package-matches.js";

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

/**
 * A package's findings through the cache shared across inventories: a hit replays the entry's lookups (the
 * store may be recording them) and warnings; a miss matches with a context that records both.
 */
function sharedMatch(shared: PackageMatchCache, key: string, pkg: Package, matcher: Matcher, ctx: MatchContext, opts: FindingOptions): readonly VulnerabilityFinding[] {
  const hit = shared.get(key);
  if (hit[0]) {
    for (const [ns, name] of hit[1].lookups) ctx.store.lookup(ns, name);
    for (const w of hit[1].warnings) ctx.warn(w);
    return hit[1].findings;
  }
  const lookups: [string, string][] = [];
  const warnings: string[] = [];
  const store: AdvisoryStore = { ...ctx.store, lookup: (ns, name) => (lookups.push([ns, name]), ctx.store.lookup(ns, name)) };
  const findings = findingsFor(matcher.match(pkg, { ...ctx, store, warn: (m) => (warnings.push(m), ctx.warn(m)) }), ctx.store, opts);
  shared.set(key, { findings, lookups, warnings });
  return findings;
}

/** `shared`: package findings kept across inventories matched against this same store (./package-matches.ts). */
export function matchInventory(inv: Inventory, rawStore: AdvisoryStore, warn: (m: string) => void, opts: FindingOptions = {}, shared?: PackageMatchCache): VulnerabilityFinding[] {
  const store = memoStore(rawStore);
  const ctx: MatchContext = { store, os: inv.os, warn };
  const memo = new Map<string, readonly VulnerabilityFinding[]>();
  const out: VulnerabilityFinding[] = [];
  const prefix = shared ? `${JSON.stringify([inv.os ?? null, opts.severitySources ?? null])}\u0000` : "";
  for (const pkg of inv.packages) {
    const matcher = matchers.find((m) => m.handles(pkg, inv.os));
    if (!matcher) continue;
    const key = `${matcher.id}\u0000${identity(pkg)}`;
    let found = memo.get(key);
    if (!found && shared) {
      // Entries of the shared cache carry another image's package: each finding gets this one's.
      found = sharedMatch(shared, prefix + key, pkg, matcher, ctx, opts);
      memo.set(key, found);
      const fp = findingPackage(pkg);
      for (const f of found) out.push({ ...f, package: fp });
    } else if (!found) {
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
