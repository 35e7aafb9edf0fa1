import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvalid, checkTable } from "../testing.js";
import { nuget } from "./index.js";

describe("nuget", () => {
  it("orders four-part versions and case-insensitive prereleases", () => {
    checkTable(
      [
        ["1.0", "1.0.0.0", 0],
        ["1.0.0.1", "1.0.0", 1],
        ["1.0.0-BETA", "1.0.0-beta", 0],
        ["1.0.0-alpha", "1.0.0-Beta", -1],
        ["1.0.0-beta.2", "1.0.0-beta.10", -1],
        ["1.0.0-beta", "1.0.0", -1],
        ["1.0.0+abc", "1.0.0", 0],
        ["01.02", "1.2", 0],
        ["4.5.10", "4.5.9.9", 1],
      ],
      nuget.compare,
    );
  });

  it("rejects malformed versions", () => {
    for (const bad of ["1.2.3.4.5", "1.0-", "abc", ""]) assert.equal(nuget.isValid(bad), false, bad);
    assertInvalid(() => nuget.compare("abc", "1.0"), "nuget", "abc");
  });
});
