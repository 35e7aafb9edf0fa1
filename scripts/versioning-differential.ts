/**
 * The larger differential run of src/versioning against the real tools (libdpkg and `dpkg
 * --compare-versions`, rpm's rpm.vercmp, pypa/packaging under /usr/bin/python3, RubyGems under ruby).
 *
 *   node --import tsx scripts/versioning-differential.ts [--seed N] [--pairs N] [--cli-pairs N] [suite…]
 *
 * Defaults: a time-based seed (printed, so a failure reproduces with --seed), 100,000 pairs per suite and
 * 10,000 for the dpkg CLI (one process per pair). Exits 1 on any disagreement, printing the pairs.
 */
import { describe } from "../src/versioning/differential/compare.js";
import { runSuite, SUITES } from "../src/versioning/differential/suites.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} needs a non-negative integer`);
  return v;
}

const seed = option("seed", Date.now() % 1_000_000_007);
const n = option("pairs", 100_000);
const cliPairs = option("cli-pairs", 10_000);
const names = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));

let failed = false;
for (const suite of SUITES.filter((s) => names.length === 0 || names.includes(s.name))) {
  const size = suite.name === "deb/dpkg-cli" ? cliPairs : n;
  const r = runSuite(suite, seed, size);
  const o = r.outcomes;
  console.log(
    `${suite.name.padEnd(18)} seed ${seed}  ${r.pairs} pairs  ${r.mismatches.length} disagreements  ` +
      `(reference: <${o["-1"]} =${o["0"]} >${o["1"]} rejected ${o.E})  ${(r.ms / 1000).toFixed(1)} s`,
  );
  if (r.mismatches.length > 0) {
    failed = true;
    console.log(describe(suite.name, seed, r.mismatches));
  }
}
process.exit(failed ? 1 : 0);
