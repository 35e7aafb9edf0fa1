/**
 * Gate `packages`: denied packages (name or purl, with a version range) and required ones. Version ranges
 * use the range syntax Dredge reads in advisories, in the package's own version scheme (`< 3.0.0`,
 * `>= 1.1.1, < 1.1.1w`; npm ranges for npm): no VERS parser exists for Node, see docs/policy.md.
 */
import { z } from "zod";
import { ecosystems } from "../../matcher/language/ecosystems.js";
import type { Package } from "../../model/package.js";
import { fullVersion } from "../../model/version.js";
import { parseRange, satisfies } from "../../versioning/index.js";
import type { SchemeId } from "../../versioning/types.js";
import { anyOf, packageTypeField } from "./common.js";
import { trigger, type Gate, type Hit, type PolicySubject } from "./types.js";

const osSchemes: Readonly<Record<string, SchemeId>> = { deb: "deb", rpm: "rpm", apk: "apk" };

export function schemeOfPackage(p: Pick<Package, "type">): SchemeId | undefined {
  return osSchemes[p.type] ?? ecosystems[p.type]?.scheme;
}

const selector = {
  name: z.string().min(1).max(512).optional(),
  purl: z.string().min(1).max(1024).optional(),
  versions: z.string().min(1).max(512).optional(),
  types: packageTypeField.optional(),
};

type Selector = { name?: string; purl?: string; versions?: string; types?: readonly string[] };

/** Selectors compiled once (params of a loaded document are never changed). */
const compiled = new WeakMap<Selector, (p: Package) => boolean>();

/** A predicate over packages; a range that cannot be read for a package's scheme does not match it. */
function selects(sel: Selector): (p: Package) => boolean {
  let test = compiled.get(sel);
  if (test) return test;
  const name = sel.name ? anyOf([sel.name]) : undefined;
  const purl = sel.purl ? anyOf([sel.purl.includes("*") ? sel.purl : `${sel.purl}*`]) : undefined;
  test = (p) => {
    if (sel.types && !sel.types.includes(p.type)) return false;
    if (name && !name(p.name)) return false;
    if (purl && !purl(p.purl)) return false;
    return !sel.versions || inRange(p, sel.versions);
  };
  compiled.set(sel, test);
  return test;
}

/** Parsed ranges by scheme and text (null: unreadable in that scheme); bounded. */
const ranges = new Map<string, ReturnType<typeof parseRange> | null>();

function rangeIn(scheme: SchemeId, range: string): ReturnType<typeof parseRange> | null {
  const key = `${scheme}\0${range}`;
  let r = ranges.get(key);
  if (r === undefined) {
    try {
      r = parseRange(scheme, range);
    } catch {
      r = null;
    }
    if (ranges.size >= 10_000) ranges.clear();
    ranges.set(key, r);
  }
  return r;
}

function inRange(p: Package, range: string): boolean {
  const scheme = schemeOfPackage(p);
  const parsed = scheme ? rangeIn(scheme, range) : null;
  if (!scheme || !parsed) return false;
  const version = p.type === "golang" && ecosystems.golang ? ecosystems.golang.version(p) : fullVersion(p);
  try {
    return satisfies(scheme, version, parsed);
  } catch {
    return false;
  }
}

const pkgHit = (p: Package, why: string): Hit => ({
  message: `${p.name}@${fullVersion(p)} (${p.type}): ${why}`, findingId: "packages:deny", package: p.name, purl: p.purl,
});

const needsName = (s: Selector) => s.name !== undefined || s.purl !== undefined;

export const packagesGate: Gate = {
  name: "packages",
  description: "packages installed in the image",
  triggers: {
    deny: trigger({
      description: "a package matching `name` or `purl` (wildcards), optionally in the version range `versions`",
      params: z.strictObject(selector).refine(needsName, { error: "needs name or purl" }),
      evaluate: (p, s: PolicySubject) => {
        const m = selects(p);
        return { hits: s.packages.filter(m).map((pkg) => pkgHit(pkg, p.versions ? `denied (version ${p.versions})` : "denied")) };
      },
    }),
    require: trigger({
      description: "no package matches `name` or `purl` (optionally in the version range `versions`): a required package is missing",
      params: z.strictObject(selector).refine(needsName, { error: "needs name or purl" }),
      evaluate: (p, s: PolicySubject) => {
        if (s.packages.some(selects(p))) return { hits: [] };
        const what = `${p.name ?? p.purl}${p.versions ? ` ${p.versions}` : ""}`;
        return { hits: [{ message: `required package ${what} is not installed`, findingId: "packages:require", package: p.name ?? p.purl }] };
      },
    }),
  },
};
