/** The differential suites: which generator, which reference tool, per scheme. */
import { schemes } from "../registry.js";
import type { VersionScheme } from "../types.js";
import { differential, type Mismatch } from "./compare.js";
import { genDeb, genGem, genPep440, genRpm, pairs, type Pair } from "./generate.js";
import { dpkgCli, libdpkg, packaging, rpmLua, rubygems, type Oracle, type Outcome } from "./oracles.js";
import { rng } from "./prng.js";

export interface Suite {
  name: string;
  scheme: VersionScheme;
  generate: (seed: number, n: number) => Pair[];
  oracle: Oracle;
  /** Whether "the tool rejects it" must match our isValid (false for rpm, which rejects only ""). */
  validity: boolean;
}

const gen = (g: Parameters<typeof pairs>[0]) => (seed: number, n: number) => pairs(g, rng(seed), n);

export const SUITES: readonly Suite[] = [
  { name: "deb/libdpkg", scheme: schemes.deb, generate: gen(genDeb), oracle: libdpkg, validity: true },
  { name: "deb/dpkg-cli", scheme: schemes.deb, generate: gen(genDeb), oracle: dpkgCli, validity: true },
  { name: "rpm/rpm.vercmp", scheme: schemes.rpm, generate: gen(genRpm), oracle: rpmLua, validity: false },
  { name: "pep440/packaging", scheme: schemes.pep440, generate: gen(genPep440), oracle: packaging, validity: true },
  { name: "gem/rubygems", scheme: schemes.gem, generate: gen(genGem), oracle: rubygems, validity: true },
];

export interface SuiteResult {
  name: string;
  seed: number;
  pairs: number;
  mismatches: Mismatch[];
  /** How many pairs of each outcome the reference gave (shows the pairs hit every case). */
  outcomes: Record<Outcome, number>;
  ms: number;
}

export function runSuite(suite: Suite, seed: number, n: number): SuiteResult {
  const start = Date.now();
  const ps = suite.generate(seed, n);
  const outcomes: Record<Outcome, number> = { "-1": 0, "0": 0, "1": 0, E: 0 };
  const counting: Oracle = (xs) => {
    const r = suite.oracle(xs);
    for (const o of r) outcomes[o] = (outcomes[o] ?? 0) + 1;
    return r;
  };
  const mismatches = differential(suite.scheme, ps, counting, suite.validity);
  return { name: suite.name, seed, pairs: ps.length, mismatches, outcomes, ms: Date.now() - start };
}
