/**
 * Differential tests against the real tools (fixed seed): libdpkg and the dpkg CLI, rpm's rpm.vercmp,
 * pypa/packaging (Debian python3-packaging), RubyGems (Debian ruby). Same sign on every pair; the failing
 * pairs are printed. The larger run is scripts/versioning-differential.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describe as explain } from "./compare.js";
import { runSuite, SUITES } from "./suites.js";

const SEED = 20261127;
const SIZES: Record<string, number> = {
  "deb/libdpkg": 10_000,
  "deb/dpkg-cli": 150,
  "rpm/rpm.vercmp": 10_000,
  "pep440/packaging": 10_000,
  "gem/rubygems": 5_000,
};

describe("differential against the reference tools", () => {
  for (const suite of SUITES) {
    it(`${suite.name}: same sign on ${SIZES[suite.name]} generated pairs (seed ${SEED})`, () => {
      const r = runSuite(suite, SEED, SIZES[suite.name]!);
      assert.equal(r.mismatches.length, 0, explain(suite.name, SEED, r.mismatches));
      const o = r.outcomes;
      assert.ok(o["-1"] > 0 && o["0"] > 0 && o["1"] > 0, `${suite.name}: outcomes ${JSON.stringify(o)} miss a sign`);
      if (suite.validity && r.pairs >= 1000) assert.ok(o.E > 0, `${suite.name}: no rejected input exercised`);
    });
  }
});
