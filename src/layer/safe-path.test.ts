import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxEntryPathLength, normaliseEntryPath, parentPath } from "./safe-path.js";

describe("normaliseEntryPath", () => {
  const table: [string, string | undefined][] = [
    ["etc/passwd", "/etc/passwd"],
    ["./etc/passwd", "/etc/passwd"],
    ["/etc/passwd", "/etc/passwd"],
    ["//etc///passwd", "/etc/passwd"],
    ["usr/lib/", "/usr/lib"],
    ["./", "/"],
    [".", "/"],
    ["", "/"],
    ["a/./b", "/a/b"],
    ["a/b/../c", "/a/c"],
    ["a/..", "/"],
    ["/a/../b", "/b"],
    ["..", undefined],
    ["../x", undefined],
    ["./../x", undefined],
    ["a/../../x", undefined],
    ["/../etc/passwd", undefined],
    ["a/b/../../../etc/shadow", undefined],
    ["a\0b", undefined],
    ["...", "/..."],
    ["..a/b", "/..a/b"],
    ["a/.b/..c", "/a/.b/..c"],
    [".wh..wh..opq", "/.wh..wh..opq"],
    [`a/${"x".repeat(maxEntryPathLength)}`, undefined],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input.slice(0, 40))} → ${expected}`, () => {
      assert.equal(normaliseEntryPath(input), expected);
    });
  }
});

describe("parentPath", () => {
  for (const [input, expected] of [
    ["/a/b", "/a"],
    ["/a", "/"],
    ["/", "/"],
  ] as const) {
    it(`${input} → ${expected}`, () => assert.equal(parentPath(input), expected));
  }
});
