/** Scheme-specific range operators, expanded to plain comparators. */
import { invalidRange, invalidVersion } from "../define.js";
import { bumpGem, parseGem } from "../gem/index.js";
import { parsePep440 } from "../pep440/index.js";
import type { Expand } from "./comparators.js";
import type { Comparator } from "./types.js";

/** RubyGems `~> 2.3` = `>= 2.3, < 3`; `~> 2.3.1` = `>= 2.3.1, < 2.4`. */
export const expandGem: Expand = (op, version) => {
  if (op !== "~>") return undefined;
  const v = parseGem(version);
  if (typeof v === "string") throw invalidVersion("gem", version, v);
  return [
    { op: ">=", version },
    { op: "<", version: bumpGem(v) },
  ];
};

function releasePrefix(version: string): { epoch: string; release: number[] } {
  const m = /^\s*(?:v)?(?:(\d+)!)?(\d+(?:\.\d+)*)/i.exec(version);
  if (!m || typeof parsePep440(version.replace(/\.\*$/, "")) === "string") throw invalidVersion("pep440", version);
  return { epoch: m[1] ? `${m[1]}!` : "", release: m[2]!.split(".").map(Number) };
}

function bumped(epoch: string, release: number[]): string {
  const r = release.slice();
  r[r.length - 1] = r[r.length - 1]! + 1;
  return `${epoch}${r.join(".")}.dev0`;
}

/** PEP 440 `~=`, `===`, and `==X.*` / `!=X.*` wildcards. */
export const expandPep440: Expand = (op, version) => {
  if (op === "===") return [{ op: "===", version }];
  if (op === "~=") {
    const { epoch, release } = releasePrefix(version);
    if (release.length < 2) throw invalidRange("pep440", `~=${version}`, "~= needs at least two release segments");
    return [
      { op: ">=", version },
      { op: "<", version: bumped(epoch, release.slice(0, -1)) },
    ];
  }
  if ((op === "==" || op === "!=") && version.endsWith(".*")) {
    const { epoch, release } = releasePrefix(version.slice(0, -2));
    const lower = `${epoch}${release.join(".")}.dev0`;
    return [{ op: op === "==" ? "in" : "notin", version: lower, upper: bumped(epoch, release) }];
  }
  return undefined;
};

function numericParts(version: string): number[] {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?/i.exec(version);
  if (!m) throw invalidVersion("composer", version);
  return m.slice(1).filter((x): x is string => x !== undefined).map(Number);
}

/** Composer `^1.2.3` = `>=1.2.3 <2.0.0-dev` (first non-zero part), `~1.2` = `>=1.2 <2.0-dev`. */
export const expandComposer: Expand = (op, version) => {
  if (op !== "^" && op !== "~") return undefined;
  const parts = numericParts(version);
  let upper: number[];
  if (op === "^") {
    let i = parts.findIndex((p) => p !== 0);
    if (i === -1) i = parts.length - 1;
    upper = [...parts.slice(0, i), parts[i]! + 1];
  } else {
    const keep = parts.length > 1 ? parts.slice(0, -1) : parts;
    upper = [...keep.slice(0, -1), keep[keep.length - 1]! + 1];
  }
  while (upper.length < 2) upper.push(0);
  return [
    { op: ">=", version },
    { op: "<", version: `${upper.join(".")}-dev` } satisfies Comparator,
  ];
};
