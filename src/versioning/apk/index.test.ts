import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { apk, compareApkLoose, isStrictApk } from "./index.js";

describe("apk", () => {
  const rows = readVectors(fixturesDir, "apk.tsv");

  it("passes every apk-tools vector (apk.tsv)", () => {
    checkVectors(rows, compareApkLoose, "apk.tsv");
  });

  it("compares every row with the scheme, the rows apk-tools calls invalid too (no throw)", () => {
    const strict = rows.filter((r) => isStrictApk(r.a) && isStrictApk(r.b));
    assert.ok(strict.length > rows.length * 0.9 && strict.length < rows.length, `${strict.length} of ${rows.length} rows strict`);
    checkVectors(rows, apk.compare, "apk.tsv");
    assert.equal(apk.compare("1.0", "1.0bc"), -1);
    assert.equal(apk.compare("23_foo", "4_beta"), 1);
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

  it("knows what apk-tools does not accept, and refuses only the empty version", () => {
    for (const bad of ["1.0bc", "1.0_foo", "1.0-x1", "abc"]) {
      assert.equal(isStrictApk(bad), false, bad);
      assert.equal(apk.isValid(bad), true, bad);
    }
    assert.equal(isStrictApk("1.2.3a_rc1_p2-r4"), true);
    assert.equal(apk.isValid(""), false);
    assertInvalid(() => apk.compare("", "1.0"), "apk", "");
  });
});
