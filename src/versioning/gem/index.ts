/**
 * RubyGems versions (Gem::Version): segments are runs of digits or letters, a letter makes a prerelease,
 * `-` means `.pre.`, trailing zeros of the release and prerelease parts are dropped (`1.0` == `1`), and
 * letter segments compare byte-wise, case-sensitively (`PRE` < `pre`), as Ruby's String#<=>. Our own code:
 * @renovatebot/ruby-semver folds case and disagreed with Ruby on such pairs.
 */
import { defineScheme } from "../define.js";
import { compareDigits } from "../semver-core.js";
import type { Sign } from "../types.js";

/** Canonical segments: digit strings without leading zeros (numbers) or letter runs (strings). */
export interface GemVersion {
  segments: { num: boolean; s: string }[];
  /** All segments (for `~>` bumps). */
  raw: { num: boolean; s: string }[];
}

const CORRECT = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*$/;

function dropTrailingZeros(xs: { num: boolean; s: string }[]): { num: boolean; s: string }[] {
  let n = xs.length;
  while (n > 0 && xs[n - 1]!.num && xs[n - 1]!.s === "0") n--;
  return xs.slice(0, n);
}

export function parseGem(input: string): GemVersion | string {
  if (!CORRECT.test(input)) return "not a RubyGems version (digits, dots, letters, `-`)";
  const v = input.trim() === "" ? "0" : input.trim().replaceAll("-", ".pre.");
  const raw = (v.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => {
    const num = s[0]! >= "0" && s[0]! <= "9";
    return { num, s: num ? s.replace(/^0+(?=.)/, "") : s };
  });
  const firstStr = raw.findIndex((x) => !x.num);
  const numeric = firstStr === -1 ? raw : raw.slice(0, firstStr);
  const strings = firstStr === -1 ? [] : raw.slice(firstStr);
  return { segments: [...dropTrailingZeros(numeric), ...dropTrailingZeros(strings)], raw };
}

const ZERO = { num: true, s: "0" };

export function compareGemParsed(a: GemVersion, b: GemVersion): Sign {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const l = a.segments[i] ?? ZERO;
    const r = b.segments[i] ?? ZERO;
    if (l.num !== r.num) return l.num ? 1 : -1;
    if (l.s === r.s) continue;
    if (l.num) return compareDigits(l.s, r.s);
    return l.s < r.s ? -1 : 1;
  }
  return 0;
}

/** Gem::Version#bump: drop prerelease segments and the last release segment, increment the new last. */
export function bumpGem(v: GemVersion): string {
  const segs = v.raw.slice();
  while (segs.some((x) => !x.num)) segs.pop();
  if (segs.length > 1) segs.pop();
  const last = segs[segs.length - 1] ?? ZERO;
  segs[segs.length - 1] = { num: true, s: String(BigInt(last.s) + 1n) };
  return segs.map((x) => x.s).join(".");
}

export const gem = defineScheme<GemVersion>("gem", "RubyGems Gem::Version", parseGem, compareGemParsed);
