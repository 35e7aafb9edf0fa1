import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { compareDebLoose, deb } from "./index.js";

describe("deb", () => {
  it("passes every dpkg vector (dpkg.tsv)", () => {
    checkVectors(readVectors(fixturesDir, "dpkg.tsv"), deb.compare, "dpkg.tsv");
  });

  it("orders the strings dpkg's CLI calls bad syntax as Perl Dpkg::Version (dpkg-invalid-syntax.tsv)", () => {
    const rows = readVectors(fixturesDir, "dpkg-invalid-syntax.tsv");
    checkVectors(rows, compareDebLoose, "dpkg-invalid-syntax.tsv");
    assert.equal(deb.isValid("0foo-"), false);
    assert.equal(deb.isValid("-0.6.5"), false);
  });

  it("handles epochs, tilde, letters before non-letters", () => {
    checkTable(
      [
        ["1:2.3~rc1-1", "2.3-1", 1],
        ["2.3~rc1-1", "2.3-1", -1],
        ["1.0~~", "1.0~", -1],
        ["1.0~", "1.0", -1],
        ["1.0a", "1.0+", -1],
        ["1.0", "1.0-0", 0],
        ["0:1.0", "1.0", 0],
        ["1.0-1ubuntu0.1", "1.0-1", 1],
        ["2:1.0", "10:0.1", -1],
        ["1.2.3+dfsg-1", "1.2.3-1", 1],
      ],
      deb.compare,
    );
  });

  it("rejects what dpkg rejects, naming scheme and input", () => {
    for (const bad of ["", "1 2", "a:1", "1:", "1.0-", ":1.0", "-1:1"]) {
      assert.equal(deb.isValid(bad), false, bad);
      assertInvalid(() => deb.compare(bad, "1.0"), "deb", bad);
    }
    assert.equal(deb.isValid("+1:1.0"), true);
  });
});
