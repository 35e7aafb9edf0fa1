/**
 * Generators of version pairs built to hit the tricky shapes of each scheme: epochs, `~`, `^`, letters
 * against digits, leading zeros, empty segments, separators, pre/post/dev/local parts. Half of the pairs
 * are near-misses (one version mutated from the other), so equal and adjacent versions are common.
 */
import type { Rng } from "./prng.js";

export type Pair = readonly [string, string];
type Gen = (r: Rng) => string;

const rep = (r: Rng, max: number, f: () => string): string => Array.from({ length: 1 + r.int(max) }, f).join("");

const NUM = ["0", "00", "1", "01", "2", "9", "10", "007", "123", "4294967296", "99999999999999999999"];
const WORD = ["a", "b", "z", "A", "Z", "rc", "alpha", "beta", "pre", "dfsg", "ubuntu", "el", "git", "p"];
const NON_ASCII = ["é", "ü", "ß", "€", "😀"];

const debUp = (r: Rng, hyphen: boolean, colon: boolean): string => {
  const seps = [".", "+", "~", "~~", ".~", "+~", ...(hyphen ? ["-"] : []), ...(colon ? [":"] : [])];
  const word = (): string => (r.chance(0.03) ? r.pick(NON_ASCII) : r.pick(WORD));
  return r.pick(NUM) + rep(r, 5, () => (r.chance(0.45) ? r.pick(seps) : "") + (r.chance(0.5) ? r.pick(NUM) : word()));
};

export const genDeb: Gen = (r) => {
  const epoch = r.chance(0.25) ? `${r.pick(["0", "1", "2", "00", "10"])}:` : "";
  const hasRev = r.chance(0.6);
  const up = debUp(r, hasRev, epoch !== "");
  const rev = hasRev ? `-${rep(r, 3, () => (r.chance(0.4) ? r.pick([".", "+", "~"]) : "") + (r.chance(0.6) ? r.pick(NUM) : r.pick(WORD)))}` : "";
  return epoch + up + rev;
};

const RPM_SEP = [".", "_", "+", "~", "^", "..", "~~", "^^", "~^", "^~", "%", ""];

export const genRpm: Gen = (r) => {
  const epoch = r.chance(0.25) ? `${r.pick(["", "0", "1", "2", "00", "10"])}:` : "";
  const word = (): string => (r.chance(0.03) ? r.pick(NON_ASCII) : r.pick(WORD));
  const part = (): string => rep(r, 4, () => r.pick(RPM_SEP) + (r.chance(0.55) ? r.pick(NUM) : word()));
  const v = (r.chance(0.15) ? r.pick(RPM_SEP) : "") + part();
  const rel = r.chance(0.6) ? `-${part()}` : "";
  return epoch + v + rel;
};

const PEP_PRE = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "A", "-a", ".b", "_rc"];
const PEP_POST = [".post", "post", "-", ".r", "rev", ".POST", "_post"];

export const genPep440: Gen = (r) => {
  let v = r.chance(0.15) ? `${r.pick(["0", "1", "2"])}!` : "";
  if (r.chance(0.05)) v = `v${v}`;
  v += rep(r, 4, () => `${r.pick(["0", "1", "2", "00", "10", "01"])}.`).replace(/\.$/, "") || "1";
  v = v.replace(/\.$/, "");
  if (r.chance(0.4)) v += r.pick(PEP_PRE) + (r.chance(0.8) ? r.pick(["0", "1", "2", "01", "10"]) : "");
  if (r.chance(0.3)) v += r.pick(PEP_POST) + (r.chance(0.8) || v.endsWith("-") ? r.pick(["0", "1", "2", "10"]) : "");
  if (r.chance(0.3)) v += r.pick([".dev", "dev", "-dev", ".DEV"]) + (r.chance(0.8) ? r.pick(["0", "1", "3"]) : "");
  if (r.chance(0.2)) v += `+${rep(r, 2, () => r.pick(["ubuntu", "1", "abc", "0", "x.1", "a-b", "A_1"]) + ".").replace(/\.$/, "")}`;
  if (r.chance(0.03)) v = r.pick([" ", "1.0.", "1..0", "a1", "1.0-", "1.0+", "1.0++a"]) + v;
  return v;
};

export const genGem: Gen = (r) => {
  let v = r.pick(["0", "1", "2", "10", "01", "1.0", "0.0"]);
  v += rep(r, 4, () => (r.chance(0.8) ? "." : "") + (r.chance(0.6) ? r.pick(["0", "1", "2", "10", "00"]) : r.pick(["a", "b", "pre", "rc", "alpha", "A", "beta"])));
  if (r.chance(0.15)) v += `-${r.pick(["pre", "1", "rc.1", "a-b"])}`;
  if (r.chance(0.03)) v = r.pick(["", "..", "1..2", "a", "1.0-", "1 2"]) + v;
  return v.replace(/^\./, "");
};

/** `n` pairs from generator `g`: half independent, half a version and a mutation of it. */
export function pairs(g: Gen, r: Rng, n: number): Pair[] {
  const out: Pair[] = [];
  while (out.length < n) {
    const a = g(r);
    if (r.chance(0.5)) out.push([a, g(r)]);
    else out.push([a, mutate(a, r)]);
  }
  return out;
}

function mutate(v: string, r: Rng): string {
  const i = r.int(v.length + 1);
  switch (r.int(5)) {
    case 0:
      return v.slice(0, i) + r.pick(["0", "1", "~", ".", "a", "^", "+", "00"]) + v.slice(i);
    case 1:
      return v.length > 1 ? v.slice(0, i) + v.slice(i + 1) : v;
    case 2:
      return v.replace(/[0-9]+/, (d) => (r.chance(0.5) ? `0${d}` : String(Number(d) + 1)));
    case 3:
      return v.toUpperCase();
    default:
      return v;
  }
}
