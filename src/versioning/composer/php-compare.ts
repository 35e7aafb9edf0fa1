/** PHP's version_compare(): canonicalise (`-_+` → `.`, dots at digit/letter transitions), then piecewise. */
import { compareDigits } from "../semver-core.js";
import type { Sign } from "../types.js";

const isDig = (c: string): boolean => c >= "0" && c <= "9";
const isAlnum = (c: string): boolean => isDig(c) || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");

export function canonicalize(v: string): string {
  let out = v[0] ?? "";
  let lp = out;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const last = out[out.length - 1];
    if (c === "-" || c === "_" || c === "+") {
      if (last !== ".") out += ".";
    } else if ((lp !== "." && !isDig(lp) && isDig(c)) || (isDig(lp) && c !== "." && !isDig(c))) {
      if (last !== ".") out += ".";
      out += c;
    } else if (!isAlnum(c)) {
      if (last !== ".") out += ".";
    } else out += c;
    lp = c;
  }
  return out;
}

const FORMS: [string, number][] = [
  ["dev", 0], ["alpha", 1], ["a", 1], ["beta", 2], ["b", 2], ["RC", 3], ["rc", 3], ["#", 4], ["pl", 5], ["p", 5],
];

function special(form: string): number {
  for (const [name, order] of FORMS) if (form.startsWith(name)) return order;
  return -1;
}

function comparePiece(p1: string, p2: string): Sign {
  const d1 = isDig(p1[0] ?? "");
  const d2 = isDig(p2[0] ?? "");
  if (d1 && d2) return compareDigits(leadingNumber(p1), leadingNumber(p2));
  const s1 = d1 ? 4 : special(p1);
  const s2 = d2 ? 4 : special(p2);
  return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
}

function leadingNumber(p: string): string {
  let i = 0;
  while (i < p.length && isDig(p[i]!)) i++;
  return p.slice(0, i).replace(/^0+(?=.)/, "");
}

/** The pieces version_compare walks: the canonical form split at dots. */
export function pieces(v: string): string[] {
  return v === "" ? [] : (v[0] === "#" ? v : canonicalize(v)).split(".");
}

const NN = ["#N#"];

/** version_compare over pre-split pieces (see `pieces`). */
export function comparePieces(x: readonly string[], y: readonly string[]): Sign {
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 0 : x.length === 0 ? -1 : 1;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const r = comparePiece(x[i]!, y[i]!);
    if (r !== 0) return r;
  }
  if (x.length > n) return isDig(x[n]![0] ?? "") ? 1 : comparePieces(x.slice(n), NN);
  if (y.length > n) return isDig(y[n]![0] ?? "") ? -1 : comparePieces(NN, y.slice(n));
  return 0;
}

/** PHP version_compare($a, $b) as a sign. */
export function phpVersionCompare(a: string, b: string): Sign {
  return comparePieces(pieces(a), pieces(b));
}
