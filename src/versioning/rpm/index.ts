/** RPM versions: [epoch:]version[-release], ordered as rpm's rpmverCmp / rpmvercmp (rpmio/rpmver.c, rpmvercmp.c). */
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";

export interface RpmVersion {
  /** Epoch digits ("0" when absent). */
  epoch: string;
  version: string;
  /** Undefined when absent: the release is compared only when both sides have one, as rpm does. */
  release: string | undefined;
}

/** Splits EVR as rpm's parseEVR: leading digits then ':' form the epoch; the last '-' starts the release. */
export function parseRpm(input: string): RpmVersion | string {
  const s = input.trim();
  if (s === "") return "version string is empty";
  if (/[\s\0]/.test(s)) return "version string has embedded spaces";
  let p = 0;
  while (p < s.length && isDigit(s.charCodeAt(p))) p++;
  const dash = s.lastIndexOf("-");
  const se = dash >= p ? dash : -1;
  let epoch = "0";
  let vStart = 0;
  if (s.charCodeAt(p) === 58) {
    if (p > 0) epoch = s.slice(0, p);
    vStart = p + 1;
  }
  const version = se >= 0 ? s.slice(vStart, se) : s.slice(vStart);
  const release = se >= 0 ? s.slice(se + 1) : undefined;
  return { epoch, version, release };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Skips separators: anything but ASCII alphanumerics, `~` and `^`. */
function skipSep(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || isAlpha(c) || c === 126 || c === 94) break;
    i++;
  }
  return i;
}

/** Compares two numeric segments [i, ie) and [j, je): leading zeros dropped, longer wins, then digits. */
function cmpNum(a: string, i: number, ie: number, b: string, j: number, je: number): number {
  while (i < ie && a.charCodeAt(i) === 48) i++;
  while (j < je && b.charCodeAt(j) === 48) j++;
  if (ie - i !== je - j) return ie - i > je - j ? 1 : -1;
  return cmpRun(a, i, ie, b, j, je);
}

/** strcmp of two runs. */
function cmpRun(a: string, i: number, ie: number, b: string, j: number, je: number): number {
  while (i < ie && j < je) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
    i++;
    j++;
  }
  if (i < ie) return 1;
  if (j < je) return -1;
  return 0;
}

/** rpmvercmp: segment-wise comparison of two version (or release) strings. */
export function rpmvercmp(a: string, b: string): Sign {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    i = skipSep(a, i);
    j = skipSep(b, j);
    const ca = a.charCodeAt(i); // NaN at end
    const cb = b.charCodeAt(j);
    if (ca === 126 || cb === 126) {
      if (ca !== 126) return 1;
      if (cb !== 126) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 94 || cb === 94) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== 94) return 1;
      if (cb !== 94) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const num = isDigit(ca);
    const test = num ? isDigit : isAlpha;
    let ie = i;
    let je = j;
    while (ie < a.length && test(a.charCodeAt(ie))) ie++;
    while (je < b.length && test(b.charCodeAt(je))) je++;
    if (je === j) return num ? 1 : -1;
    const r = num ? cmpNum(a, i, ie, b, j, je) : cmpRun(a, i, ie, b, j, je);
    if (r !== 0) return r < 0 ? -1 : 1;
    i = ie;
    j = je;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export function compareRpmParsed(a: RpmVersion, b: RpmVersion): Sign {
  const e = a.epoch === b.epoch ? 0 : rpmvercmp(a.epoch, b.epoch);
  if (e !== 0) return e;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0 || a.release === undefined || b.release === undefined) return v;
  return rpmvercmp(a.release, b.release);
}

export const rpm = defineScheme<RpmVersion>(
  "rpm",
  "RPM (RHEL, Fedora, SUSE, Amazon, Mariner…): [epoch:]version[-release], as rpm.vercmp",
  parseRpm,
  compareRpmParsed,
);
