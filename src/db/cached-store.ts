/**
 * An AdvisoryStore that keeps what it read across calls — for a process that matches many inventories against
 * one database (the server re-matching its fleet): fleet images share most packages and advisories, so after
 * the first images most lookups, vulnerability records, alias groups, KEV and EPSS entries come from memory
 * instead of a SQLite read and a decode. Bounded LRUs; the cache lives as long as the wrapper, which belongs
 * to one opened database (one version), so entries never outlive the data they came from. Callers never
 * mutate what a store returns (the matchers build new findings from it), so sharing the objects is safe.
 */
import { memoLru } from "../util/lru.js";
import type { AdvisoryStore } from "./store.js";

export interface StoreCacheLimits {
  /** Decoded (namespace, package) rows kept. */
  lookups: number;
  /** Vulnerability records (with descriptions) kept. */
  vulnerabilities: number;
  /** Alias groups, KEV and EPSS entries kept (each). */
  small: number;
}

export const DEFAULT_STORE_CACHE: StoreCacheLimits = { lookups: 20_000, vulnerabilities: 20_000, small: 100_000 };

/** `store` with its reads cached; closing the wrapper closes nothing (the store stays its owner's). */
export function cachedStore(store: AdvisoryStore, limits: StoreCacheLimits = DEFAULT_STORE_CACHE): AdvisoryStore {
  const lookup = memoLru((key) => {
    const cut = key.indexOf("\u0000");
    return store.lookup(key.slice(0, cut), key.slice(cut + 1));
  }, limits.lookups);
  return {
    lookup: (namespace, packageName) => lookup(`${namespace}\u0000${packageName}`),
    vulnerability: memoLru((id) => store.vulnerability(id), limits.vulnerabilities),
    aliasGroup: memoLru((id) => store.aliasGroup(id), limits.small),
    kev: memoLru((id) => store.kev(id), limits.small),
    epss: memoLru((id) => store.epss(id), limits.small),
    // Every optional read passes through too (a wrapper that drops one silently changes findings).
    ...(store.fixSince ? { fixSince: store.fixSince.bind(store) } : {}),
    metadata: () => store.metadata(),
    namespaces: () => store.namespaces(),
    close: () => undefined,
  };
}
