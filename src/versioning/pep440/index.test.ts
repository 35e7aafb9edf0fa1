import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { pep440 } from "./index.js";

describe("pep440", () => {
  it("passes every pypa/packaging vector (pep440.tsv)", () => {
    checkVectors(readVectors(fixturesDir, "pep440.tsv"), pep440.compare, "pep440.tsv");
  });

  it("normalises and orders pre/post/dev/local parts", () => {
    checkTable(
      [
        ["1.0RC1", "1.0rc1", 0],
        ["2.0b1", "2.0", -1],
        ["1.0.dev1", "1.0a1", -1],
        ["1.0", "1.0.post1", -1],
        ["1.0-1", "1.0.post1", 0],
        ["1!0.1", "2.0", 1],
        ["1.0+local.1", "1.0", 1],
        ["1.0+abc", "1.0+1", -1],
        ["v1.0", "1.0.0", 0],
      ],
      pep440.compare,
    );
  });

  it("rejects what packaging rejects", () => {
    for (const bad of ["1.0.", "a1", "1.0+", "1.0-", "", "1 .0"]) assert.equal(pep440.isValid(bad), false, bad);
    assertInvalid(() => pep440.compare("not-a-version", "1.0"), "pep440", "not-a-version");
  });
});
