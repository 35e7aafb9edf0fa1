import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { safeParse } from "./schema.js";

describe("safeParse of untrusted values", () => {
  const schema = z.object({ mediaType: z.string().max(255).optional(), layers: z.array(z.string()).max(10).optional() });
  const hostile = [
    JSON.parse('{"mediaType": {"length": {"toString": 1}}}') as unknown,
    JSON.parse('{"layers": {"length": {"valueOf": 1, "toString": 1}}}') as unknown,
  ];

  it("zod itself throws on a wrong-typed value whose length cannot be compared", () => {
    for (const value of hostile) assert.throws(() => schema.safeParse(value), TypeError);
  });

  it("fails validation instead, naming why", () => {
    for (const value of hostile) {
      const r = safeParse(schema, value);
      assert.equal(r.success, false);
      assert.match(r.error!.issues[0]!.message, /^unreadable value/);
    }
  });

  it("parses what zod parses", () => {
    assert.deepEqual(safeParse(schema, { mediaType: "a", layers: ["b"] }), schema.safeParse({ mediaType: "a", layers: ["b"] }));
    assert.equal(safeParse(schema, { mediaType: 1 }).success, false);
  });
});
