import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { bumpGem, gem } from "./index.js";

describe("gem", () => {
  it("passes every RubyGems vector (rubygems.tsv)", () => {
    checkVectors(readVectors(fixturesDir, "rubygems.tsv"), gem.compare, "rubygems.tsv");
  });

  it("orders prereleases, trailing zeros and case as Ruby", () => {
    checkTable(
      [
        ["1.0.0.pre", "1.0.0", -1],
        ["1.0.0-rc1", "1.0.0.pre.rc1", 0],
        ["1.0.PRE", "1.0.pre", -1],
        ["2.3.0", "2.3", 0],
        ["1.10", "1.9", 1],
      ],
      gem.compare,
    );
  });

  it("bumps as Gem::Version#bump (for ~>)", () => {
    const bump = (v: string): string => bumpGem(gem.parse(v) as Parameters<typeof bumpGem>[0]);
    assert.equal(bump("2.3"), "3");
    assert.equal(bump("2.3.1"), "2.4");
    assert.equal(bump("5.3.1.rc1"), "5.4");
    assert.equal(bump("1"), "2");
  });

  it("rejects what Gem::Version rejects", () => {
    for (const bad of ["1..2", "a", "1.0-", "1 2", "1.0+x"]) assert.equal(gem.isValid(bad), false, bad);
    assertInvalid(() => gem.compare("junk", "1"), "gem", "junk");
  });
});
