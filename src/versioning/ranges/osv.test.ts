import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { osvAffected } from "./osv.js";

const range = (events: object[], type = "ECOSYSTEM") => ({ ranges: [{ type, events }] });

describe("osvAffected", () => {
  it("evaluates introduced/fixed with the scheme's order", () => {
    const a = range([{ introduced: "0" }, { fixed: "1.2-1" }]);
    assert.equal(osvAffected("deb", "1.1-1", a), true);
    assert.equal(osvAffected("deb", "1.2~rc1-1", a), true);
    assert.equal(osvAffected("deb", "1.2-1", a), false);
    assert.equal(osvAffected("deb", "1:0.5-1", a), false);
  });

  it("handles several intervals given out of order", () => {
    const a = range([{ fixed: "2.5" }, { introduced: "2.0" }, { fixed: "1.5" }, { introduced: "1.0" }]);
    const got = ["0.9", "1.0", "1.4", "1.5", "1.9", "2.0", "2.4", "2.5", "3.0"].map((v) => osvAffected("pep440", v, a));
    assert.deepEqual(got, [false, true, true, false, false, true, true, false, false]);
  });

  it("treats last_affected as inclusive and limit as an upper cap", () => {
    assert.equal(osvAffected("semver", "1.4.0", range([{ introduced: "1.0.0" }, { last_affected: "1.4.0" }])), true);
    assert.equal(osvAffected("semver", "1.4.1", range([{ introduced: "1.0.0" }, { last_affected: "1.4.0" }])), false);
    const limited = range([{ introduced: "0" }, { limit: "2.0.0" }]);
    assert.equal(osvAffected("semver", "1.9.9", limited), true);
    assert.equal(osvAffected("semver", "2.0.0", limited), false);
    assert.equal(osvAffected("semver", "9.0.0", range([{ introduced: "1.0.0" }, { limit: "*" }])), true);
  });

  it("matches versions lists by scheme equality, ignores GIT ranges, uses SemVer for SEMVER ranges", () => {
    assert.equal(osvAffected("pep440", "1.0RC1", { versions: ["1.0rc1"] }), true);
    assert.equal(osvAffected("pep440", "1.0", { versions: ["1.0rc1", "garbage version"] }), false);
    assert.equal(osvAffected("semver", "1.0.0", range([{ introduced: "0" }], "GIT")), false);
    assert.equal(osvAffected("go", "v1.2.3", range([{ introduced: "0" }, { fixed: "1.2.4" }], "SEMVER")), true);
  });

  it("throws on an unparseable package or event version instead of answering 'not affected'", () => {
    const a = range([{ introduced: "0" }, { fixed: "1.2.3" }]);
    assert.throws(() => osvAffected("semver", "not-a-version", a), { code: "INVALID_VERSION", message: /invalid semver version "not-a-version"/ });
    assert.throws(() => osvAffected("semver", "1.0.0", range([{ introduced: "0" }, { fixed: "garbage" }])), { code: "INVALID_VERSION", message: /garbage/ });
  });
});
