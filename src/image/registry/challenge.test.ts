import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseChallenges } from "./challenge.js";

describe("parseChallenges", () => {
  const cases: [string, ReturnType<typeof parseChallenges>][] = [
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [{ scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/alpine:pull" } }],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    ["basic realm=test", [{ scheme: "basic", params: { realm: "test" } }]],
    [
      'Bearer realm="https://x/token", scope="repository:a/b:pull,push", Basic realm="x"',
      [
        { scheme: "bearer", params: { realm: "https://x/token", scope: "repository:a/b:pull,push" } },
        { scheme: "basic", params: { realm: "x" } },
      ],
    ],
    ['Bearer realm="a\\"b",error="insufficient_scope"', [{ scheme: "bearer", params: { realm: 'a"b', error: "insufficient_scope" } }]],
    ["", []],
    ["Negotiate", [{ scheme: "negotiate", params: {} }]],
    ['"garbage', []],
  ];
  for (const [header, want] of cases) {
    it(`parses ${JSON.stringify(header).slice(0, 50)}`, () => assert.deepEqual(parseChallenges(header), want));
  }
  it("accepts null", () => assert.deepEqual(parseChallenges(null), []));
});
