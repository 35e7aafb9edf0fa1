/** Debian/Ubuntu versions, ordered as `dpkg --compare-versions` (lib/dpkg/version.c semantics). */
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";
import { compareParts, split, type DebParts } from "./segments.js";

export interface DebVersion {
  epoch: number;
  upstream: string;
  revision: string;
  up: DebParts;
  rev: DebParts;
}

const MAX_EPOCH = 2147483647;

/** Parses like dpkg's parseversion: errors reject, dpkg's mere warnings (odd characters) are accepted. */
export function parseDeb(input: string): DebVersion | string {
  const s = input.trim();
  if (s === "") return "version string is empty";
  if (/\s/.test(s)) return "version string has embedded spaces";
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(":");
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (e === "") return "epoch in version is empty";
    if (!/^[+-]?[0-9]+$/.test(e)) return "epoch in version is not number";
    epoch = Number(e);
    if (epoch < 0) return "epoch in version is negative";
    epoch = Math.abs(epoch); // strtol: "-0" is 0
    if (epoch > MAX_EPOCH) return "epoch in version is too big";
    rest = s.slice(colon + 1);
    if (rest === "") return "nothing after colon in version number";
  }
  const hyphen = rest.lastIndexOf("-");
  let upstream = rest;
  let revision = "";
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === "") return "revision number is empty";
  }
  if (upstream === "") return "version number is empty";
  return make(epoch, upstream, revision);
}

function make(epoch: number, upstream: string, revision: string): DebVersion {
  return { epoch, upstream, revision, up: split(upstream), rev: split(revision) };
}

/**
 * Non-strict parse as Perl's Dpkg::Version: an empty revision or empty upstream is kept rather than
 * refused. Used only by `compareDebLoose`.
 */
function parseLoose(s: string): DebVersion {
  const colon = s.indexOf(":");
  const epoch = colon >= 0 && /^[0-9]+$/.test(s.slice(0, colon)) ? Number(s.slice(0, colon)) : 0;
  const rest = colon >= 0 ? s.slice(colon + 1) : s;
  const hyphen = rest.lastIndexOf("-");
  if (hyphen < 0) return make(epoch, rest, "");
  return make(epoch, rest.slice(0, hyphen), rest.slice(hyphen + 1));
}

/** dpkg's verrevcmp over one upstream or revision string. */
export function verrevcmp(a: string, b: string): Sign {
  return a === b ? 0 : compareParts(split(a), split(b));
}

export function compareDebParsed(a: DebVersion, b: DebVersion): Sign {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.upstream !== b.upstream) {
    const r = compareParts(a.up, b.up);
    if (r !== 0) return r;
  }
  return a.revision === b.revision ? 0 : compareParts(a.rev, b.rev);
}

/** Compares strings dpkg's CLI calls "bad syntax" (`0foo-`, `-0.6.5`) the way Perl's Dpkg::Version does. */
export function compareDebLoose(a: string, b: string): Sign {
  return compareDebParsed(parseLoose(a), parseLoose(b));
}

export const deb = defineScheme<DebVersion>(
  "deb",
  "Debian/Ubuntu: [epoch:]upstream[-revision], as dpkg --compare-versions",
  parseDeb,
  compareDebParsed,
);
