/**
 * The purl-spec version range specifier (VERS): `vers:<scheme>/<constraint>|<constraint>|…`, each constraint
 * `[comparator]version` with comparators `=` (the default), `!=`, `<`, `<=`, `>`, `>=`, or `*` alone.
 * Parsed as the specification says (spaces removed, versions percent-decoded, empty pipes ignored), then
 * sorted by the scheme's order and validated: versions valid for the scheme and unique, one star alone, and
 * the comparator sequence rules (`=` only before `=`, `>`, `>=`; lesser and greater comparators alternate,
 * `!=` anywhere). Every refusal is a DredgeError USAGE naming the problem.
 */
import { DredgeError } from "../../errors.js";
import { get } from "../../versioning/index.js";
import type { SchemeId, VersionScheme } from "../../versioning/types.js";
import { versSchemes } from "./schemes.js";

export const comparators = ["=", "!=", "<", "<=", ">", ">="] as const;
export type Comparator = (typeof comparators)[number];

export interface Constraint {
  comparator: Comparator;
  version: string;
}

export interface VersRange {
  /** The VERS scheme as written (`deb`, `npm`, …). */
  scheme: string;
  /** Dredge's version scheme that compares its versions. */
  schemeId: SchemeId;
  /** Sorted by version; empty for `*` (every version). */
  constraints: readonly Constraint[];
  star: boolean;
}

/** Bounds on untrusted input. */
export const MAX_VERS_LENGTH = 4096;
export const MAX_CONSTRAINTS = 64;

const fail = (text: string, problem: string): never => {
  throw new DredgeError("USAGE", `invalid version range "${text.length > 100 ? `${text.slice(0, 100)}…` : text}": ${problem}`, {
    hint: "write vers:<scheme>/<constraint>|<constraint>… e.g. vers:deb/>=1.0|<3.0.11 (purl-spec VERS)",
  });
};

function splitComparator(text: string): Constraint {
  for (const c of [">=", "<=", "!=", "<", ">", "="] as const) if (text.startsWith(c)) return { comparator: c, version: text.slice(c.length) };
  return { comparator: "=", version: text };
}

function decode(version: string, text: string): string {
  if (!version.includes("%")) return version;
  try {
    return decodeURIComponent(version);
  } catch {
    return fail(text, `"${version}" is not valid percent-encoding`);
  }
}

const isLesser = (c: Comparator) => c === "<" || c === "<=";

/** The comparator rules of contiguous constraints (sorted, unique): a message for the first pair that breaks one. */
export function comparatorProblem(constraints: readonly Constraint[]): string | undefined {
  const noUnequal = constraints.filter((c) => c.comparator !== "!=");
  for (let i = 0; i + 1 < noUnequal.length; i++) {
    const [a, b] = [noUnequal[i]!, noUnequal[i + 1]!];
    if (a.comparator === "=" && isLesser(b.comparator)) return `"${a.comparator}${a.version}" cannot be followed by "${b.comparator}${b.version}" (= may only be followed by =, > or >=)`;
  }
  const ordered = noUnequal.filter((c) => c.comparator !== "=");
  for (let i = 0; i + 1 < ordered.length; i++) {
    const [a, b] = [ordered[i]!, ordered[i + 1]!];
    if (isLesser(a.comparator) === isLesser(b.comparator)) {
      return `"${a.comparator}${a.version}" cannot be followed by "${b.comparator}${b.version}" (lesser and greater comparators must alternate)`;
    }
  }
  return undefined;
}

function sortAndCheck(text: string, scheme: VersionScheme, raw: Constraint[]): Constraint[] {
  const parsed = raw.map((c) => {
    if (c.version === "") fail(text, `a constraint "${c.comparator}" has no version`);
    if (!scheme.isValid(c.version)) fail(text, `"${c.version}" is not a valid ${scheme.id} version`);
    return { c, p: scheme.parse(c.version) };
  });
  parsed.sort((x, y) => scheme.compareParsed(x.p, y.p));
  for (let i = 0; i + 1 < parsed.length; i++) {
    if (scheme.compareParsed(parsed[i]!.p, parsed[i + 1]!.p) === 0) fail(text, `the version "${parsed[i + 1]!.c.version}" occurs more than once (versions must be unique)`);
  }
  const sorted = parsed.map((x) => x.c);
  const problem = comparatorProblem(sorted);
  if (problem) fail(text, problem);
  return sorted;
}

export function parseVers(input: string): VersRange {
  if (input.length > MAX_VERS_LENGTH) fail(input.slice(0, 100), `longer than ${MAX_VERS_LENGTH} characters`);
  const text = input.replace(/[ \t]/g, "");
  if (!/^[\x21-\x7e]*$/.test(text)) fail(text, "only printable ASCII is allowed");
  const colon = text.indexOf(":");
  if (colon < 0 || text.slice(0, colon) !== "vers") fail(text, 'it does not start with "vers:"');
  const spec = text.slice(colon + 1);
  const slash = spec.indexOf("/");
  if (slash < 0) fail(text, 'no "/" after the versioning scheme');
  const scheme = spec.slice(0, slash);
  if (scheme !== scheme.toLowerCase()) fail(text, `the versioning scheme "${scheme}" must be lower case`);
  if (!Object.hasOwn(versSchemes, scheme)) fail(text, `unknown versioning scheme "${scheme}" (known: ${Object.keys(versSchemes).join(", ")})`);
  const schemeId = versSchemes[scheme]!;
  const body = spec.slice(slash + 1);
  if (body === "*") return { scheme, schemeId, constraints: [], star: true };
  const parts = body.split("|").filter((p) => p !== "");
  if (parts.length === 0) fail(text, "there are no constraints");
  if (parts.length > MAX_CONSTRAINTS) fail(text, `more than ${MAX_CONSTRAINTS} constraints`);
  if (parts.some((p) => p.includes("*"))) fail(text, '"*" must be alone, without any other constraint or version');
  const raw = parts.map((p) => {
    const c = splitComparator(p);
    if (/[<>=!]/.test(c.version)) fail(text, `"${p}" is not a comparator and a version (percent-encode comparator characters in versions)`);
    return { ...c, version: decode(c.version, text) };
  });
  return { scheme, schemeId, constraints: sortAndCheck(text, get(schemeId), raw), star: false };
}

/** The canonical text: sorted, `=` left out, versions percent-encoded where they hold separators. */
export function formatVers(range: VersRange): string {
  if (range.star) return `vers:${range.scheme}/*`;
  const enc = (v: string) => v.replace(/[%<>=!*|]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `vers:${range.scheme}/${range.constraints.map((c) => `${c.comparator === "=" ? "" : c.comparator}${enc(c.version)}`).join("|")}`;
}
