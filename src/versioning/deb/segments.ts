/**
 * dpkg's verrevcmp on pre-split parts. A string is split into (non-digit run, digit run) pairs; each
 * non-digit run is re-encoded so that plain string comparison follows dpkg's character order (`~` first,
 * then the end of the run, letters, everything else) and ends with a terminator; digit runs lose their
 * leading zeros. Missing pairs are ("", "0"), as dpkg's loop reads past the end of the shorter string.
 */
import type { Sign } from "../types.js";

export interface DebParts {
  words: string[];
  digits: string[];
}

const TERM = "\u0002";
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * dpkg works on bytes and its `order()` sees a signed char: a non-ASCII byte weighs its unsigned value
 * (128–255), above letters (65–122) and below other ASCII characters (c + 256).
 */
function encode(c: number, ch: string): string {
  if (c === 126) return "\u0001";
  if (c < 128) return String.fromCharCode(isLetter(c) ? c + 3 : c + 259);
  let out = "";
  for (const byte of Buffer.from(ch, "utf8")) out += String.fromCharCode(byte + 3);
  return out;
}

export function split(s: string): DebParts {
  const words: string[] = [];
  const digits: string[] = [];
  let i = 0;
  while (i < s.length) {
    let w = "";
    while (i < s.length && !isDigit(s.charCodeAt(i))) {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      w += encode(cp, ch);
      i += ch.length;
    }
    while (s.charCodeAt(i) === 48) i++;
    const start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    words.push(w + TERM);
    digits.push(s.slice(start, i));
  }
  return { words, digits };
}

export function compareParts(a: DebParts, b: DebParts): Sign {
  const n = Math.max(a.words.length, b.words.length);
  for (let k = 0; k < n; k++) {
    const x = a.words[k] ?? TERM;
    const y = b.words[k] ?? TERM;
    if (x !== y) return x < y ? -1 : 1;
    const p = a.digits[k] ?? "";
    const q = b.digits[k] ?? "";
    if (p !== q) {
      if (p.length !== q.length) return p.length < q.length ? -1 : 1;
      return p < q ? -1 : 1;
    }
  }
  return 0;
}
