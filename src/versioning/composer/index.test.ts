import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvalid, checkTable } from "../testing.js";
import { composer, parseComposer } from "./index.js";
import { phpVersionCompare } from "./php-compare.js";

describe("composer", () => {
  it("normalises as VersionParser", () => {
    const norm = (v: string): unknown => (parseComposer(v) as { normalized: string }).normalized;
    assert.equal(norm("v1.2"), "1.2.0.0");
    assert.equal(norm("1.0.0-b2"), "1.0.0.0-beta2");
    assert.equal(norm("1.0-pl1"), "1.0.0.0-patch1");
    assert.equal(norm("1.0.0-RC1"), "1.0.0.0-RC1");
    assert.equal(norm("2.0-dev"), "2.0.0.0-dev");
    assert.equal(norm("1.x-dev"), "1.9999999.9999999.9999999-dev");
    assert.equal(norm("20240101"), "20240101");
  });

  it("orders by PHP version_compare", () => {
    checkTable(
      [
        ["1.0.0", "1.0", 0],
        ["1.0.0-dev", "1.0.0-alpha1", -1],
        ["1.0.0-alpha1", "1.0.0-beta1", -1],
        ["1.0.0-beta1", "1.0.0-RC1", -1],
        ["1.0.0-RC1", "1.0.0", -1],
        ["1.0.0", "1.0.0-patch1", -1],
        ["v2.10.0", "2.9.9", 1],
      ],
      composer.compare,
    );
    assert.equal(phpVersionCompare("1.0rc1", "1.0"), -1);
    assert.equal(phpVersionCompare("1.0pl1", "1.0"), 1);
    assert.equal(phpVersionCompare("1.0", "1.0.0"), -1);
  });

  it("rejects branches and junk", () => {
    for (const bad of ["dev-main", "master", "not a version", ""]) assert.equal(composer.isValid(bad), false, bad);
    assertInvalid(() => composer.compare("dev-main", "1.0"), "composer", "dev-main");
  });
});
