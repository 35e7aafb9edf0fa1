/**
 * Runtimes installed without a package manager (`pkg:generic/<name>`, src/analyzer/runtime/) against NVD's
 * CPE rows: each runtime name maps to one or more CPE `vendor:product` pairs (`runtimeCpes`), looked up in
 * the `cpe` namespace and compared with the generic scheme. A database without that namespace (built
 * without NVD, or pulled with `--db-namespaces` leaving `cpe` out) gets one warning per scan.
 */
import { runtimeCpes } from "../../analyzer/runtime/cpe.js";
import { CPE_NAMESPACE, CPE_SCHEME, normalizePackageName } from "../../db/namespace.js";
import type { AdvisoryStore } from "../../db/store.js";
import type { Package } from "../../model/package.js";
import { safeAffects } from "../evaluate.js";
import type { Matcher, MatchContext, RawMatch } from "../types.js";

/** Runtime name (the purl's name) → NVD `vendor:product` pairs. */
export type RuntimeCpeTable = Readonly<Record<string, readonly string[]>>;

/** `pkg:generic/node@20.11.1` → `node`; undefined for other purls (or a generic purl with a namespace). */
export function genericPurlName(purl: string): string | undefined {
  const m = /^pkg:generic\/([^/@?#]+)(?:[@?#]|$)/.exec(purl);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** Whether the store has CPE rows, asked once per store (`namespaces()` lists and sorts them all); warns once. */
function hasCpeRows(ctx: MatchContext, known: WeakMap<AdvisoryStore, boolean>, pkg: Package): boolean {
  const has = known.get(ctx.store);
  if (has !== undefined) return has;
  const found = ctx.store.namespaces().includes(CPE_NAMESPACE);
  known.set(ctx.store, found);
  if (!found) {
    ctx.warn(`runtimes such as ${pkg.name} ${pkg.version} are matched against NVD CPE data, but the database has no "${CPE_NAMESPACE}" namespace (build it with the nvd source; include ${CPE_NAMESPACE} in --db-namespaces)`);
  }
  return found;
}

/** A runtime matcher over `table` (the default one uses `runtimeCpes`). */
export function runtimeMatcherOf(table: RuntimeCpeTable): Matcher {
  const cpesOf = (pkg: Package): readonly string[] | undefined => {
    const name = genericPurlName(pkg.purl);
    return name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  };
  // Per store: each scan matches through a store of its own (src/scan/match.ts), so this warns once a scan.
  const known = new WeakMap<AdvisoryStore, boolean>();
  return {
    id: "runtime",
    handles: (pkg) => cpesOf(pkg) !== undefined,
    match(pkg, ctx) {
      const cpes = cpesOf(pkg);
      if (!cpes || !pkg.version || !hasCpeRows(ctx, known, pkg)) return [];
      const out: RawMatch[] = [];
      for (const cpe of cpes) {
        for (const record of ctx.store.lookup(CPE_NAMESPACE, normalizePackageName(CPE_NAMESPACE, cpe))) {
          if (safeAffects(record, CPE_SCHEME, pkg.version, ctx.warn)) out.push({ pkg, record, scheme: CPE_SCHEME, installed: pkg.version, distro: false });
        }
      }
      return out;
    },
  };
}

export const runtimeMatcher: Matcher = runtimeMatcherOf(runtimeCpes);
