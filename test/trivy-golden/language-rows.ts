/**
 * Trivy's language buckets (`npm::GitHub Security Advisory Npm`, `cargo::Open Source Vulnerability`…) →
 * Dredge affected rows. `VulnerableVersions` are native range strings: each becomes one `constraint` range
 * (alternatives). An entry with only `PatchedVersions` (Trivy's OSV-derived buckets) is affected outside
 * the patched ranges: the complement becomes OSV events. Test-only.
 */
import type { AffectedPackage, VersionRange, VersionSchemeId } from "../../src/db/model.js";
import { normalizePackageName } from "../../src/db/namespace.js";
import { entries, strings, subBuckets, type BoltPair } from "./bolt-yaml.js";

interface Ecosystem {
  namespace: string;
  scheme: VersionSchemeId;
}

/** Trivy's ecosystem prefix → Dredge namespace and version scheme. */
export const LANGUAGE_ECOSYSTEMS: Record<string, Ecosystem> = {
  npm: { namespace: "npm", scheme: "semver" },
  pip: { namespace: "pypi", scheme: "pep440" },
  composer: { namespace: "packagist", scheme: "composer" },
  go: { namespace: "go", scheme: "go" },
  cargo: { namespace: "crates.io", scheme: "semver" },
  maven: { namespace: "maven", scheme: "maven" },
  rubygems: { namespace: "rubygems", scheme: "gem" },
  nuget: { namespace: "nuget", scheme: "nuget" },
  pub: { namespace: "pub", scheme: "semver" },
  erlang: { namespace: "hex", scheme: "semver" },
  cocoapods: { namespace: "cocoapods", scheme: "semver" },
  swift: { namespace: "swift", scheme: "semver" },
  conan: { namespace: "conan", scheme: "semver" },
};

/** `npm::GitHub Security Advisory Npm` → the ecosystem; undefined for a bucket that is not a language one. */
export function languageEcosystem(bucket: string): Ecosystem | undefined {
  const i = bucket.indexOf("::");
  return i < 0 ? undefined : LANGUAGE_ECOSYSTEMS[bucket.slice(0, i)];
}

/** `>= 2.1.3, < 3.0.0` → [lower, upper) bounds; only `>=`/`<` lists (what Trivy's patched ranges use). */
function bounds(range: string): { lo?: string; hi?: string } {
  const out: { lo?: string; hi?: string } = {};
  for (const part of range.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(>=|<)\s*(\S+)$/.exec(part);
    if (!m) throw new Error(`unsupported patched range ${JSON.stringify(range)}`);
    if (m[1] === ">=") out.lo = m[2]!;
    else out.hi = m[2]!;
  }
  return out;
}

/** Complement of the patched ranges as OSV events, in the order the patched ranges are listed low → high. */
function unpatchedEvents(patched: string[], sortKey: (v: string) => number[]): VersionRange["events"] {
  const spans = patched.map(bounds).sort((a, b) => cmp(sortKey(a.lo ?? "0"), sortKey(b.lo ?? "0")));
  const events: VersionRange["events"] = [{ introduced: "0" }];
  for (const s of spans) {
    if (s.lo) events.push({ fixed: s.lo });
    if (s.hi) events.push({ introduced: s.hi });
  }
  return events;
}

const numeric = (v: string): number[] => v.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function rangesOf(eco: Ecosystem, vulnerable: string[], patched: string[]): VersionRange[] {
  if (vulnerable.length > 0) {
    return vulnerable.map((constraint) => ({ type: "ecosystem", scheme: eco.scheme, events: [], constraint }));
  }
  if (patched.length > 0) return [{ type: "ecosystem", scheme: eco.scheme, events: unpatchedEvents(patched, numeric) }];
  return [];
}

export function languageRows(bucket: BoltPair): AffectedPackage[] {
  const eco = languageEcosystem(bucket.bucket ?? "");
  if (!eco) return [];
  const out: AffectedPackage[] = [];
  for (const pkg of subBuckets(bucket)) {
    for (const { key, value } of entries(pkg)) {
      const vulnerable = strings(value.VulnerableVersions);
      const patched = strings(value.PatchedVersions);
      const ranges = rangesOf(eco, vulnerable, patched);
      out.push({
        vulnerabilityId: key,
        source: "osv",
        namespace: eco.namespace,
        packageName: normalizePackageName(eco.namespace, pkg.bucket!),
        status: patched.length > 0 ? "fixed" : "affected",
        ranges,
        // `>= 0` with no patched version: every version (a constraint range, so no fixed version).
        versions: [],
        fixedVersions: vulnerable.length > 0 ? patched : [],
      });
    }
  }
  return out;
}
