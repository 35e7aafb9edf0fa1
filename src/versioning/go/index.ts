/**
 * Go module versions (golang.org/x/mod/semver rules): `v` optional (OSV writes Go versions without it),
 * `vMAJOR` and `vMAJOR.MINOR` shorthands, pseudo-versions (ordinary prereleases), `+incompatible` and other
 * build metadata ignored.
 */
import { defineScheme } from "../define.js";
import { compareDigits, comparePrerelease } from "../semver-core.js";
import type { Sign } from "../types.js";

export interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: string[];
  build: string;
}

const NUM = "(0|[1-9][0-9]*)";
const IDENT = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const FULL = new RegExp(
  `^v?${NUM}\\.${NUM}\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);
const SHORT = new RegExp(`^v?${NUM}(?:\\.${NUM})?$`);

export function parseGo(input: string): GoVersion | string {
  const s = input.trim();
  const m = FULL.exec(s);
  if (m) {
    const pre = m[4] === undefined ? [] : m[4].split(".");
    return { major: m[1]!, minor: m[2]!, patch: m[3]!, prerelease: pre, build: m[5] ?? "" };
  }
  const sm = SHORT.exec(s);
  if (sm) return { major: sm[1]!, minor: sm[2] ?? "0", patch: "0", prerelease: [], build: "" };
  return "not a Go module version (vMAJOR.MINOR.PATCH[-prerelease][+build])";
}

export function compareGoParsed(a: GoVersion, b: GoVersion): Sign {
  return (
    compareDigits(a.major, b.major) ||
    compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

export const go = defineScheme<GoVersion>(
  "go",
  "Go modules: v1.2.3, pseudo-versions, +incompatible",
  parseGo,
  compareGoParsed,
);
