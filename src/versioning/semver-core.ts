/** Shared pieces of SemVer-like schemes (go, nuget): prerelease identifier comparison. */
import type { Sign } from "./types.js";

const NUMERIC = /^[0-9]+$/;

/** Compares two decimal digit strings without leading zeros by value (any length). */
export function compareDigits(a: string, b: string): Sign {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SemVer §11 prerelease precedence: no prerelease > any prerelease; identifiers numeric by value, numeric <
 * alphanumeric, alphanumerics by `cmp`; a shorter prefix is lower.
 */
export function comparePrerelease(a: readonly string[], b: readonly string[], foldCase = false): Sign {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = compareIdentifier(a[i]!, b[i]!, foldCase);
    if (r !== 0) return r;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareIdentifier(x: string, y: string, foldCase: boolean): Sign {
  const xn = NUMERIC.test(x);
  const yn = NUMERIC.test(y);
  if (xn && yn) return compareDigits(x.replace(/^0+(?=.)/, ""), y.replace(/^0+(?=.)/, ""));
  if (xn !== yn) return xn ? -1 : 1;
  const xs = foldCase ? x.toUpperCase() : x;
  const ys = foldCase ? y.toUpperCase() : y;
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}
