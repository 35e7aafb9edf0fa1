import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { yamlFlowTooDeep } from "./yaml-depth.js";

describe("yamlFlowTooDeep", () => {
  it("counts nesting, not brackets", () => {
    assert.equal(yamlFlowTooDeep("a: [1, [2], {b: [3]}]\n".repeat(1000)), false);
    assert.equal(yamlFlowTooDeep(`${"[".repeat(65)}${"]".repeat(65)}`), true);
    assert.equal(yamlFlowTooDeep(`x: ${"{a: ".repeat(64)}1${"}".repeat(64)}`), false);
    assert.equal(yamlFlowTooDeep("[".repeat(100_000)), true);
  });
});
