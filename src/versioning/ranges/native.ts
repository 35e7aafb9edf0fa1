/**
 * Native range syntaxes of advisories, per scheme: npm ranges (node-semver, prereleases included), GHSA
 * comparator lists (`>= 1.0, < 1.2.3`), Maven/NuGet intervals (`[1.0,2.0)`), PEP 440 specifiers, RubyGems
 * `~>`, Composer constraints. Comparisons are plain orderings of the scheme: a prerelease of a vulnerable
 * version is inside `< fixed` (advisory semantics, not installer semantics).
 */
import { Range as NpmRange } from "semver";
import { invalidRange } from "../define.js";
import { schemes } from "../registry.js";
import type { SchemeId, VersionScheme } from "../types.js";
import { parseComparatorList, type Expand } from "./comparators.js";
import { expandComposer, expandGem, expandPep440 } from "./expand.js";
import { looksLikeInterval, parseIntervals } from "./maven-interval.js";
import type { Comparator, Range } from "./types.js";

export type { Comparator, Range } from "./types.js";

const EXPAND: Partial<Record<SchemeId, Expand>> = { gem: expandGem, pep440: expandPep440, composer: expandComposer };
const NPM_OPS: Record<string, Comparator["op"]> = { "": "=", "=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

function parseNpm(text: string): Comparator[][] {
  let r: NpmRange;
  try {
    r = new NpmRange(text.replaceAll(",", " "), { includePrerelease: true });
  } catch (err) {
    throw invalidRange("semver", text, (err as Error).message);
  }
  return r.set.map((set) =>
    set
      .filter((c) => c.value !== "")
      .map((c) => ({ op: NPM_OPS[c.operator] ?? "=", version: c.semver.version })),
  );
}

const cache = new Map<string, Range>();
const CACHE_MAX = 4096;

/** Parses a native range of a scheme (cached). Throws DredgeError INVALID_VERSION naming the range. */
export function parseRange(scheme: SchemeId, text: string): Range {
  const key = `${scheme}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let alternatives: Comparator[][];
  if (scheme === "semver") alternatives = parseNpm(text);
  else if ((scheme === "maven" || scheme === "nuget") && looksLikeInterval(text)) alternatives = parseIntervals(scheme, text);
  else alternatives = parseComparatorList(scheme, text, EXPAND[scheme]);
  const s = schemes[scheme];
  for (const alt of alternatives) for (const c of alt) validate(s, c, text);
  const range: Range = { scheme, text, alternatives };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, range);
  return range;
}

function validate(s: VersionScheme, c: Comparator, text: string): void {
  if (c.op === "===") return;
  for (const v of c.upper === undefined ? [c.version] : [c.version, c.upper]) {
    if (!s.isValid(v)) throw invalidRange(s.id, text, `"${v}" is not a valid ${s.id} version`);
  }
}

function test(s: VersionScheme, v: unknown, raw: string, c: Comparator): boolean {
  if (c.op === "===") return raw.trim().toLowerCase() === c.version.toLowerCase();
  const r = s.compareParsed(v, s.parse(c.version));
  switch (c.op) {
    case "<": return r < 0;
    case "<=": return r <= 0;
    case ">": return r > 0;
    case ">=": return r >= 0;
    case "=": return r === 0;
    case "!=": return r !== 0;
    case "in":
    case "notin": {
      const inside = r >= 0 && s.compareParsed(v, s.parse(c.upper!)) < 0;
      return c.op === "in" ? inside : !inside;
    }
  }
}

/** Whether `version` is inside the native `range` of the scheme. Invalid version or range → DredgeError. */
export function satisfies(scheme: SchemeId | VersionScheme, version: string, range: string | Range): boolean {
  const s = typeof scheme === "string" ? schemes[scheme] : scheme;
  const r = typeof range === "string" ? parseRange(s.id, range) : range;
  if (r.scheme !== s.id) throw invalidRange(s.id, r.text, `range was parsed for the ${r.scheme} scheme`);
  const v = s.parse(version);
  return r.alternatives.some((alt) => alt.every((c) => test(s, v, version, c)));
}
