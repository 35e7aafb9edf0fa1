/**
 * Runtimes installed without a package manager (`pkg:generic/<name>`, src/analyzer/runtime/) against NVD's
 * CPE rows: each runtime name maps to one or more CPE `vendor:product` pairs (`runtimeCpes`), looked up in
 * the `cpe` namespace and compared with the generic scheme. A database without that namespace (built
 * without NVD, or pulled with `--db-namespaces` leaving `cpe` out) finds nothing: the scan's coverage
 * (src/scan/coverage.ts) says so.
 */
import { runtimeCpes } from "../../analyzer/runtime/cpe.js";
import { CPE_NAMESPACE, CPE_SCHEME, normalizePackageName } from "../../db/namespace.js";
import type { Package } from "../../model/package.js";
import { safeAffects } from "../evaluate.js";
import type { Matcher, RawMatch } from "../types.js";

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

/** A runtime matcher over `table` (the default one uses `runtimeCpes`). */
export function runtimeMatcherOf(table: RuntimeCpeTable): Matcher {
  const cpesOf = (pkg: Package): readonly string[] | undefined => {
    const name = genericPurlName(pkg.purl);
    return name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  };
  return {
    id: "runtime",
    handles: (pkg) => cpesOf(pkg) !== undefined,
    match(pkg, ctx) {
      const cpes = cpesOf(pkg);
      if (!cpes || !pkg.version) return [];
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
