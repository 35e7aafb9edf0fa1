/** RPM versions: [epoch:]version[-release], ordered as rpm's rpmverCmp / rpmvercmp (rpmio/rpmver.c, rpmvercmp.c). */
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";
import { compareSegments, segments, type Segments } from "./tokens.js";

export interface RpmVersion {
  /** Epoch digits ("0" when absent). */
  epoch: string;
  version: string;
  /** Undefined when absent: with equal versions, a release beats no release (rpm.vercmp in rpm 4.18). */
  release: string | undefined;
  /** Pre-split segments of epoch, version and release (undefined release stays undefined). */
  seg: { e: Segments; v: Segments; r: Segments | undefined };
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
  const seg = { e: segments(epoch), v: segments(version), r: release === undefined ? undefined : segments(release) };
  return { epoch, version, release, seg };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** rpmvercmp over two raw version (or release) strings. */
export function rpmvercmp(a: string, b: string): Sign {
  return a === b ? 0 : compareSegments(segments(a), segments(b));
}

export function compareRpmParsed(a: RpmVersion, b: RpmVersion): Sign {
  const e = a.epoch === b.epoch ? 0 : compareSegments(a.seg.e, b.seg.e);
  if (e !== 0) return e;
  const v = a.version === b.version ? 0 : compareSegments(a.seg.v, b.seg.v);
  if (v !== 0) return v;
  if (a.seg.r === undefined || b.seg.r === undefined) {
    return a.seg.r === b.seg.r ? 0 : a.seg.r === undefined ? -1 : 1;
  }
  return a.release === b.release ? 0 : compareSegments(a.seg.r, b.seg.r);
}

export const rpm = defineScheme<RpmVersion>(
  "rpm",
  "RPM (RHEL, Fedora, SUSE, Amazon, Mariner…): [epoch:]version[-release], as rpm.vercmp",
  parseRpm,
  compareRpmParsed,
);
