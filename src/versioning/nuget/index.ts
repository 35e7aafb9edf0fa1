/**
 * NuGet versions (NuGet.Versioning NuGetVersion): 1–4 numeric parts (missing parts are 0, leading zeros
 * allowed), SemVer 2.0 prerelease labels compared case-insensitively, metadata after `+` ignored.
 */
import { defineScheme } from "../define.js";
import { compareDigits, comparePrerelease } from "../semver-core.js";
import type { Sign } from "../types.js";

export interface NugetVersion {
  parts: [string, string, string, string];
  prerelease: string[];
}

const RE = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const strip = (d: string | undefined): string => (d === undefined ? "0" : d.replace(/^0+(?=.)/, ""));

export function parseNuget(input: string): NugetVersion | string {
  const m = RE.exec(input.trim());
  if (!m) return "not a NuGet version (MAJOR[.MINOR[.PATCH[.REVISION]]][-prerelease][+metadata])";
  return {
    parts: [strip(m[1]), strip(m[2]), strip(m[3]), strip(m[4])],
    prerelease: m[5] === undefined ? [] : m[5].split("."),
  };
}

export function compareNugetParsed(a: NugetVersion, b: NugetVersion): Sign {
  for (let i = 0; i < 4; i++) {
    const r = compareDigits(a.parts[i]!, b.parts[i]!);
    if (r !== 0) return r;
  }
  return comparePrerelease(a.prerelease, b.prerelease, true);
}

export const nuget = defineScheme<NugetVersion>(
  "nuget",
  "NuGet: 1.2.3.4-Beta.1, case-insensitive prereleases",
  parseNuget,
  compareNugetParsed,
);
