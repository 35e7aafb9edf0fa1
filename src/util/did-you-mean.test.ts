import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closest, editDistance } from "./did-you-mean.js";

describe("editDistance", () => {
  const cases: [string, string, number][] = [
    ["", "", 0], ["abc", "", 3], ["", "abc", 3], ["severity", "severity", 0], ["severty", "severity", 1],
    ["kitten", "sitting", 3], ["flaw", "lawn", 2], ["ab", "ba", 2],
  ];
  for (const [a, b, want] of cases) it(`${JSON.stringify(a)} → ${JSON.stringify(b)}: ${want}`, () => {
    assert.equal(editDistance(a, b), want);
    assert.equal(editDistance(b, a), want);
  });
});

describe("closest", () => {
  const keys = ["severity", "scanners", "skip-dirs", "skip-files", "db-repository", "timeout"];
  const cases: [string, string | undefined][] = [
    ["severty", "severity"], ["Severity", "severity"], ["scaners", "scanners"], ["skip-dir", "skip-dirs"],
    ["db-repo", undefined], ["timout", "timeout"], ["colour", undefined], ["x", undefined],
  ];
  for (const [word, want] of cases) it(`${word} → ${String(want)}`, () => assert.equal(closest(word, keys), want));
});
