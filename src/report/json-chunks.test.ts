import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { jsonChunks, jsonText } from "./common/write.js";

describe("JSON written in pieces", () => {
  it("joined, the pieces are the JSON text of the value, at every depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        assert.equal([...jsonChunks(value, depth)].join("") + "\n", jsonText(value));
      }),
      { numRuns: 300 },
    );
  });

  it("skips what JSON skips: undefined and functions in objects are left out, null in arrays; toJSON is called", () => {
    const value = { a: undefined, b: [undefined, () => 1, 2], c: new Date(0), d: {}, e: [], f: { g: undefined } };
    assert.equal([...jsonChunks(value, 3)].join("") + "\n", jsonText(value));
  });

  it("an SBOM-sized array is many pieces, none of them the whole document", () => {
    const doc = { bomFormat: "CycloneDX", components: Array.from({ length: 1000 }, (_, i) => ({ name: `p${i}`, version: "1.0", licenses: [{ id: "MIT" }] })) };
    const pieces = [...jsonChunks(doc)];
    assert.ok(pieces.length > 2000);
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 200);
  });
});
