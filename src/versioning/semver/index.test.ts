import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvalid, checkTable } from "../testing.js";
import { semver } from "./index.js";

describe("semver", () => {
  it("orders the SemVer 2.0 precedence chain", () => {
    const chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) assert.equal(semver.compare(chain[i]!, chain[j]!), Math.sign(i - j), `${chain[i]} vs ${chain[j]}`);
    }
  });

  it("ignores build metadata and accepts a leading v", () => {
    checkTable(
      [
        ["1.0.0+build.1", "1.0.0+build.2", 0],
        ["v1.2.3", "1.2.3", 0],
        ["1.0.0-rc.1", "1.0.0", -1],
        ["10.0.0", "9.99.99", 1],
      ],
      semver.compare,
    );
  });

  it("rejects non-SemVer input", () => {
    for (const bad of ["1.0.0.0", "01.0.0", "1.0.0-", "latest", ""]) assert.equal(semver.isValid(bad), false, bad);
    assertInvalid(() => semver.compare("1.0.0.0", "1.0.0"), "semver", "1.0.0.0");
  });
});

describe("semver: partial versions in advisories", () => {
  it("pads 1.0 and 2 with zeros, as npm ranges do (GHSA-r683-j2x4-v87g writes introduced 1.0)", async () => {
    const { semver: s } = await import("./index.js");
    assert.equal(s.compare("1.0", "1.0.0"), 0);
    assert.equal(s.compare("2", "1.9.9"), 1);
    assert.equal(s.compare("1.0-beta", "1.0.0"), -1);
    assert.equal(s.isValid("1.2.3.4"), false);
    assert.equal(s.isValid("x.y"), false);
  });
});
