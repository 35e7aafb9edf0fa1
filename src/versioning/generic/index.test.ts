import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvalid, checkTable } from "../testing.js";
import { generic } from "./index.js";

describe("generic", () => {
  it("orders digit and word runs, pre-release words before the release", () => {
    checkTable(
      [
        ["1.0", "1.0.0", -1],
        ["1.0-rc1", "1.0", -1],
        ["1.0~1", "1.0-rc1", -1],
        ["1.0", "1.0-p1", -1],
        ["1.0-p1", "1.0.1", -1],
        ["1.10", "1.9", 1],
        ["v2.0", "2.0", 0],
        ["1:1.0", "2.0", 1],
        ["1.0a", "1.0B", -1],
        ["1.0.beta", "1.0.alpha", 1],
      ],
      generic.compare,
    );
  });

  it("rejects inputs without digits or letters", () => {
    for (const bad of ["", "...", "1 2"]) assert.equal(generic.isValid(bad), false, bad);
    assertInvalid(() => generic.compare("---", "1"), "generic", "---");
  });
});
