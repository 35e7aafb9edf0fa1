/**
 * SemVer 2.0 as node-semver (npm), also used for Cargo, Hex and Pub: prerelease < release, build metadata
 * ignored. Parsing is node-semver's strict parser (a leading `v` is accepted, as npm does).
 */
import { SemVer } from "semver";
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";

export function parseSemver(input: string): SemVer | string {
  const text = input.trim();
  try {
    return new SemVer(text);
  } catch {
    const padded = padShort(text);
    if (padded) return new SemVer(padded);
    return "not a SemVer 2.0 version (MAJOR.MINOR.PATCH[-prerelease][+build])";
  }
}

/**
 * Advisories sometimes write `1.0` or `2` for `1.0.0` / `2.0.0` (real GHSA OSV ranges do): padded with zeros,
 * as npm's own range parser treats a partial version.
 */
function padShort(text: string): string | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m || m[1]!.length > 16 || (m[2]?.length ?? 0) > 16) return undefined;
  return `${m[1]}.${m[2] ?? "0"}.0${m[3] ?? ""}${m[4] ?? ""}`;
}

export function compareSemverParsed(a: SemVer, b: SemVer): Sign {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  return a.comparePre(b);
}

export const semver = defineScheme<SemVer>(
  "semver",
  "SemVer 2.0 (npm, Cargo, Hex, Pub), as node-semver",
  parseSemver,
  compareSemverParsed,
);
