/**
 * rpmvercmp on pre-split segments: separators (anything but ASCII alphanumerics, `~`, `^`) are dropped at
 * parse time, leaving `~`, `^`, digit runs (leading zeros removed) and letter runs, so that comparing
 * parsed versions does no character scanning.
 */
import type { Sign } from "../types.js";

export const TILDE = 0;
export const CARET = 1;
export const NUM = 2;
export const ALPHA = 3;

export interface Segments {
  kinds: number[];
  values: string[];
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export function segments(s: string): Segments {
  const kinds: number[] = [];
  const values: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 126 || c === 94) {
      kinds.push(c === 126 ? TILDE : CARET);
      values.push("");
      i++;
    } else if (isDigit(c) || isAlpha(c)) {
      const test = isDigit(c) ? isDigit : isAlpha;
      let e = i;
      while (e < s.length && test(s.charCodeAt(e))) e++;
      let v = s.slice(i, e);
      if (test === isDigit) v = v.replace(/^0+/, "");
      kinds.push(test === isDigit ? NUM : ALPHA);
      values.push(v);
      i = e;
    } else i++;
  }
  return { kinds, values };
}

export function compareSegments(a: Segments, b: Segments): Sign {
  const ak = a.kinds;
  const bk = b.kinds;
  const na = ak.length;
  const nb = bk.length;
  let i = 0;
  for (; ; i++) {
    const ka = i < na ? ak[i]! : -1;
    const kb = i < nb ? bk[i]! : -1;
    if (ka === TILDE || kb === TILDE) {
      if (ka !== TILDE) return 1;
      if (kb !== TILDE) return -1;
      continue;
    }
    if (ka === CARET || kb === CARET) {
      if (ka === -1) return -1;
      if (kb === -1) return 1;
      if (ka !== CARET) return 1;
      if (kb !== CARET) return -1;
      continue;
    }
    if (ka === -1 || kb === -1) break;
    if (ka !== kb) return ka === NUM ? 1 : -1;
    const x = a.values[i]!;
    const y = b.values[i]!;
    if (x === y) continue;
    if (ka === NUM && x.length !== y.length) return x.length > y.length ? 1 : -1;
    return x < y ? -1 : 1;
  }
  if (i >= na && i >= nb) return 0;
  return i >= na ? -1 : 1;
}
