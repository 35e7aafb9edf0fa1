import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvalid, checkTable } from "../testing.js";
import { go } from "./index.js";

describe("go", () => {
  it("orders module versions, pseudo-versions and +incompatible", () => {
    checkTable(
      [
        ["v1.2.3", "1.2.3", 0],
        ["v2.0.0+incompatible", "v2.0.0", 0],
        ["v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1],
        ["v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1],
        ["v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1],
        ["v1.2", "v1.2.0", 0],
        ["v1", "v1.0.0", 0],
        ["v1.10.0", "v1.9.9", 1],
        ["v1.0.0-rc.1", "v1.0.0-rc.10", -1],
      ],
      go.compare,
    );
  });

  it("rejects malformed versions", () => {
    for (const bad of ["v1.02.3", "1.2.3.4", "v1.2-pre", "master", ""]) assert.equal(go.isValid(bad), false, bad);
    assertInvalid(() => go.compare("v1.2.3.4", "v1.0.0"), "go", "v1.2.3.4");
  });
});
