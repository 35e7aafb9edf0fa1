/** Runs our scheme and a reference tool over the same pairs and lists every disagreement. */
import type { VersionScheme } from "../types.js";
import type { Pair } from "./generate.js";
import type { Oracle, Outcome } from "./oracles.js";

export interface Mismatch {
  a: string;
  b: string;
  ours: Outcome;
  theirs: Outcome;
}

export function ours(scheme: VersionScheme, [a, b]: Pair): Outcome {
  if (!scheme.isValid(a) || !scheme.isValid(b)) return "E";
  return String(scheme.compare(a, b)) as Outcome;
}

/**
 * Pairs where the signs differ, or where exactly one side rejects an input. With `validity: false`, pairs
 * the reference rejects or we reject are skipped instead (tools whose input rules are not ours to copy).
 */
export function differential(scheme: VersionScheme, pairs: readonly Pair[], oracle: Oracle, validity = true): Mismatch[] {
  const theirs = oracle(pairs);
  const out: Mismatch[] = [];
  pairs.forEach((p, i) => {
    const o = ours(scheme, p);
    const t = theirs[i]!;
    if (o === t) return;
    if (!validity && (o === "E" || t === "E")) return;
    out.push({ a: p[0], b: p[1], ours: o, theirs: t });
  });
  return out;
}

export function describe(scheme: string, seed: number, m: readonly Mismatch[]): string {
  const rows = m.slice(0, 20).map((x) => `  ${JSON.stringify(x.a)} vs ${JSON.stringify(x.b)}: ours ${x.ours}, reference ${x.theirs}`);
  return `${scheme} (seed ${seed}): ${m.length} disagreements\n${rows.join("\n")}`;
}
