/**
 * The documented fallback for ecosystems without a scheme of their own. A version is split into runs of
 * digits and runs of letters (anything else separates); runs compare left to right: numbers by value,
 * words case-insensitively, a number above a word. When one version runs out, the longer one is greater
 * unless its next run is a pre-release word (alpha, beta, rc, pre, preview, dev, snapshot, a, b, c, m,
 * milestone, cr, ea) or `~`, which make it smaller: 1.0~1 < 1.0-rc1 < 1.0 < 1.0-p1 < 1.0.1 (`p`, `sp`, `post`
 * are ordinary words). An optional `v` prefix and a numeric `N:` epoch are understood.
 */
import { defineScheme } from "../define.js";
import { compareDigits } from "../semver-core.js";
import type { Sign } from "../types.js";

export interface GenericVersion {
  epoch: string;
  /** Runs: digits without leading zeros, words lower-cased, "~" for a tilde. */
  runs: string[];
}

const PRE = new Set(["alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "a", "b", "c", "m", "milestone", "cr", "ea"]);
const RUN = /[0-9]+|[a-z]+|~/g;

export function parseGeneric(input: string): GenericVersion | string {
  const s = input.trim();
  if (s === "" || s.length > 256 || /\s/.test(s) || !/[0-9A-Za-z]/.test(s)) return "not a version (no digits or letters, or contains spaces)";
  const em = /^([0-9]+):(.+)$/.exec(s);
  const body = (em ? em[2]! : s).replace(/^v(?=[0-9])/i, "").toLowerCase();
  const runs = (body.match(RUN) ?? []).map((r) => (r[0]! >= "0" && r[0]! <= "9" ? r.replace(/^0+(?=.)/, "") : r));
  return { epoch: em ? em[1]!.replace(/^0+(?=.)/, "") : "0", runs };
}

const isNum = (r: string): boolean => r[0]! >= "0" && r[0]! <= "9";

function cmpRun(x: string, y: string): Sign {
  if (x === "~" || y === "~") return x === y ? 0 : x === "~" ? -1 : 1;
  const xn = isNum(x);
  const yn = isNum(y);
  if (xn && yn) return compareDigits(x, y);
  if (xn !== yn) return xn ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function tail(run: string): Sign {
  return run === "~" || PRE.has(run) ? -1 : 1;
}

export function compareGenericParsed(a: GenericVersion, b: GenericVersion): Sign {
  const e = compareDigits(a.epoch, b.epoch);
  if (e !== 0) return e;
  const n = Math.min(a.runs.length, b.runs.length);
  for (let i = 0; i < n; i++) {
    const r = cmpRun(a.runs[i]!, b.runs[i]!);
    if (r !== 0) return r;
  }
  if (a.runs.length > n) return tail(a.runs[n]!);
  if (b.runs.length > n) return tail(b.runs[n]!) === -1 ? 1 : -1;
  return 0;
}

export const generic = defineScheme<GenericVersion>(
  "generic",
  "Fallback: digit and letter runs, pre-release words sort before the release",
  parseGeneric,
  compareGenericParsed,
);
