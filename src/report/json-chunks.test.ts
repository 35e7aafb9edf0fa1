import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { jsonChunks, jsonText, LazyJsonArray } from "./common/write.js";

/** The value with each of its arrays (at any depth) made lazily. */
function lazily(value: unknown): unknown {
  if (Array.isArray(value)) return new LazyJsonArray(() => value.map(lazily));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lazily(v)]));
}

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

  it("lazy arrays are written as the arrays they make, by jsonChunks at every depth and by JSON.stringify", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        const lazy = lazily(value);
        assert.equal([...jsonChunks(lazy, depth)].join("") + "\n", jsonText(value));
        assert.equal(JSON.stringify(lazy, null, 2), JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it("a lazy array's elements are made one at a time as they are written", () => {
    let made = 0;
    const doc = { components: new LazyJsonArray(function* () {
      for (let i = 0; i < 1000; i++) {
        made++;
        yield { name: `p${i}` };
      }
    }) };
    const pieces = jsonChunks(doc);
    for (let i = 0; i < 6; i++) pieces.next();
    assert.ok(made <= 3, `${made} elements made for the first six pieces`);
    assert.equal([...pieces].length > 1000, true);
    assert.equal(made, 1000);
  });
});
