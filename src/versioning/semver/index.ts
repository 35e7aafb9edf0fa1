/**
 * SemVer 2.0 as node-semver (npm), also used for Cargo, Hex and Pub: prerelease < release, build metadata
 * ignored. Parsing is node-semver's strict parser (a leading `v` is accepted, as npm does).
 */
import { SemVer } from "semver";
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";

export function parseSemver(input: string): SemVer | string {
  try {
    return new SemVer(input.trim());
  } catch {
    return "not a SemVer 2.0 version (MAJOR.MINOR.PATCH[-prerelease][+build])";
  }
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
