import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxOf, pushAll, pushTo } from "./array.js";

describe("pushAll / maxOf on long lists", () => {
  const long = Array.from({ length: 500_000 }, (_, i) => i);

  it("pushAll appends 500,000 items (a spread into push overflows the stack)", () => {
    assert.throws(() => [0].push(...long), RangeError);
    const out = pushAll([-1], long);
    assert.equal(out.length, 500_001);
    assert.equal(out.at(-1), 499_999);
  });

  it("maxOf finds the largest of 500,000 values, and the floor for none", () => {
    assert.throws(() => Math.max(...long), RangeError);
    assert.equal(maxOf(long), 499_999);
    assert.equal(maxOf([], 0), 0);
    assert.equal(maxOf([-5, -2]), -2);
    assert.equal(maxOf([3], 7), 7);
  });

  it("pushTo appends in place under a key", () => {
    const m = new Map<string, number[]>();
    for (const i of long) pushTo(m, i % 2 ? "odd" : "even", i);
    assert.equal(m.get("even")!.length, 250_000);
    assert.equal(m.get("odd")!.at(-1), 499_999);
  });
});
