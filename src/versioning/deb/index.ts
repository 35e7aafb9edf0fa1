/** Debian/Ubuntu versions, ordered as `dpkg --compare-versions` (lib/dpkg/version.c semantics). */
import { defineScheme } from "../define.js";
import { sign, type Sign } from "../types.js";

export interface DebVersion {
  epoch: number;
  upstream: string;
  revision: string;
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
    if (!/^[0-9]+$/.test(e)) return "epoch in version is not number";
    epoch = Number(e);
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
  return { epoch, upstream, revision };
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
  if (hyphen < 0) return { epoch, upstream: rest, revision: "" };
  return { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** dpkg's character weight: end and digits 0, `~` first, letters, then everything else. */
function order(c: number): number {
  if (c !== c || isDigit(c)) return 0; // NaN = end of string
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1;
  return c + 256;
}

/** dpkg's verrevcmp over one upstream or revision string. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    let firstDiff = 0;
    while ((i < la && !isDigit(a.charCodeAt(i))) || (j < lb && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

export function compareDebParsed(a: DebVersion, b: DebVersion): Sign {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.upstream !== b.upstream) {
    const r = verrevcmp(a.upstream, b.upstream);
    if (r !== 0) return sign(r);
  }
  if (a.revision === b.revision) return 0;
  return sign(verrevcmp(a.revision, b.revision));
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
