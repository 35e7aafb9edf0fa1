/**
 * PEP 440 (PyPI) versions. Parsing and normalisation by @renovatebot/pep440 (`1.0RC1` → `1.0rc1`, `-1` →
 * `.post1`, `v` prefix, `c` = `rc`); ordering is our own implementation of pypa/packaging's sort key
 * (epoch, release without trailing zeros, pre/post/dev with packaging's sentinels, local segments).
 */
import { explain } from "@renovatebot/pep440";
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";

export interface Pep440Parsed {
  epoch: number;
  /** Release numbers, trailing zeros removed. */
  release: number[];
  /** Pre-release rank: -Infinity = dev-only release, 0..2 = a/b/rc, Infinity = none. */
  preRank: number;
  preNum: number;
  /** -Infinity when absent. */
  post: number;
  /** Infinity when absent. */
  dev: number;
  /** Local segments; numbers sort above strings. Undefined when absent. */
  local: (string | number)[] | undefined;
}

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, rc: 2, c: 2, pre: 2, preview: 2 };

export function parsePep440(input: string): Pep440Parsed | string {
  const v = explain(input.trim());
  if (!v) return "not a PEP 440 version";
  const release = v.release.slice();
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const pre = v.pre as (string | number)[] | null;
  const post = v.post as unknown as number | null;
  const dev = v.dev as unknown as number | null;
  let preRank = Infinity;
  let preNum = 0;
  if (pre && pre.length === 2) {
    preRank = PRE_RANK[String(pre[0]).toLowerCase()] ?? 2;
    preNum = Number(pre[1]);
  } else if (post === null && dev !== null) preRank = -Infinity;
  const local = v.local === null ? undefined : v.local.split(".").map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p));
  return { epoch: v.epoch, release, preRank, preNum, post: post ?? -Infinity, dev: dev ?? Infinity, local };
}

function cmpNum(a: number, b: number): Sign {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpRelease(a: number[], b: number[]): Sign {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return cmpNum(a.length, b.length);
}

function cmpLocal(a: (string | number)[] | undefined, b: (string | number)[] | undefined): Sign {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x !== typeof y) return typeof x === "number" ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return cmpNum(a.length, b.length);
}

export function comparePep440Parsed(a: Pep440Parsed, b: Pep440Parsed): Sign {
  return (
    cmpNum(a.epoch, b.epoch) ||
    cmpRelease(a.release, b.release) ||
    cmpNum(a.preRank, b.preRank) ||
    cmpNum(a.preNum, b.preNum) ||
    cmpNum(a.post, b.post) ||
    cmpNum(a.dev, b.dev) ||
    cmpLocal(a.local, b.local)
  );
}

export const pep440 = defineScheme<Pep440Parsed>(
  "pep440",
  "PEP 440 (PyPI): epochs, pre/post/dev releases, local versions",
  parsePep440,
  comparePep440Parsed,
);
