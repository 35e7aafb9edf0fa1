import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newerOnTrack } from "./tag-track.js";

const tags = [
  "12.4-slim", "12.5-slim", "12.6-slim", "12.10-slim", "12.6", "13.0-slim", "12.6-bookworm", "bookworm-slim", "latest",
  "20.11.1-alpine3.19", "20.12.0-alpine3.19", "20.12.0-alpine3.20", "21.0.0-alpine3.19", "20.11.1",
  "bookworm-20240311-slim", "bookworm-20240408-slim", "bookworm-20240101-slim", "v1.2.3", "v1.2.10", "v2.0.0", "1.2.4",
];

describe("newer tags of the same track", () => {
  const cases: [string, string[]][] = [
    ["12.5-slim", ["12.10-slim", "12.6-slim"]],
    ["12.10-slim", []],
    ["20.11.1-alpine3.19", ["20.12.0-alpine3.19"]],
    ["bookworm-20240311-slim", ["bookworm-20240408-slim"]],
    ["v1.2.3", ["v1.2.10"]],
    ["latest", []],
    ["bookworm-slim", []],
  ];
  for (const [tag, want] of cases) {
    it(`${tag} → ${want.join(", ") || "none"}`, () => assert.deepEqual(newerOnTrack(tag, tags), want));
  }
});
