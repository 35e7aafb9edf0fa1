import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { apk, compareApkLoose } from "./index.js";

describe("apk", () => {
  const rows = readVectors(fixturesDir, "apk.tsv");

  it("passes every apk-tools vector (apk.tsv)", () => {
    checkVectors(rows, compareApkLoose, "apk.tsv");
  });

  it("compares the valid rows with the strict scheme too", () => {
    const valid = rows.filter((r) => apk.isValid(r.a) && apk.isValid(r.b));
    assert.ok(valid.length > rows.length * 0.9, `${valid.length} of ${rows.length} rows valid`);
    checkVectors(valid, apk.compare, "apk.tsv (valid rows)");
  });

  it("orders suffixes and revisions as apk", () => {
    checkTable(
      [
        ["3.0.0_p1-r2", "3.0.0-r3", 1],
        ["1.0_alpha1", "1.0_beta1", -1],
        ["1.0_rc1-r0", "1.0-r0", -1],
        ["1.1_rc1", "1.1", -1],
        ["1.0", "1.0_p1", -1],
        ["1.0_git20230101", "1.0_p1", -1],
        ["1.0a", "1.0", 1],
        ["1.0a", "1.0b", -1],
        ["1.0-r1", "1.0-r10", -1],
        ["1.01", "1.1", -1],
        ["1.0", "1.0-r0", -1],
      ],
      apk.compare,
    );
  });

  it("keeps apk-tools' quirk after a bare trailing .0 (X.0_rc1 > X.0 without -rN), documented in README", () => {
    assert.equal(apk.compare("1.0_rc1", "1.0"), 1);
    assert.equal(apk.compare("1.0_rc1-r0", "1.0-r0"), -1);
  });

  it("rejects what apk-tools does not accept", () => {
    for (const bad of ["", "1.0bc", "1.0_foo", "1.0-x1", "abc"]) {
      assert.equal(apk.isValid(bad), false, bad);
    }
    assertInvalid(() => apk.compare("1.0_foo", "1.0"), "apk", "1.0_foo");
  });
});
