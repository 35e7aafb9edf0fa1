import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { checkTable, checkVectors, readVectors } from "../testing.js";
import { maven } from "./index.js";

describe("maven", () => {
  it("passes every ComparableVersion vector (maven.tsv)", () => {
    checkVectors(readVectors(fixturesDir, "maven.tsv"), maven.compare, "maven.tsv");
  });

  it("orders qualifiers, padding and mixed separators", () => {
    checkTable(
      [
        ["1.2.3-SNAPSHOT", "1.2.3", -1],
        ["1.0-alpha-1", "1.0-beta-1", -1],
        ["1.0-m1", "1.0-rc1", -1],
        ["1.0-rc1", "1.0-SNAPSHOT", -1],
        ["1.0", "1.0-sp1", -1],
        ["1.0-ga", "1.0", 0],
        ["1.0.0", "1", 0],
        ["1.0-foo", "1.0-sp", 1],
        ["1.0.RC2", "1.0-RC3", -1],
        ["1.0-RC3", "1.0.1", -1],
      ],
      maven.compare,
    );
  });

  it("rejects empty and over-long versions", () => {
    assert.equal(maven.isValid(""), false);
    assert.equal(maven.isValid("1.".repeat(200)), false);
  });
});
