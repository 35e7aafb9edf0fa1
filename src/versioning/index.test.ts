import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { versioning } from "../index.js";

describe("versioning registry", () => {
  it("has every scheme of the issue, each under its own id", () => {
    assert.deepEqual([...versioning.ids].sort(), ["apk", "composer", "deb", "gem", "generic", "go", "maven", "nuget", "pep440", "rpm", "semver"]);
    for (const id of versioning.ids) assert.equal(versioning.get(id).id, id);
  });

  it("answers the issue's examples", () => {
    assert.equal(versioning.get("deb").compare("1:2.3~rc1-1", "2.3-1"), 1);
    assert.equal(versioning.get("semver").compare("1.0.0-rc.1", "1.0.0"), -1);
    assert.equal(versioning.get("pep440").compare("2.0b1", "2.0"), -1);
    assert.equal(versioning.get("maven").compare("1.2.3-SNAPSHOT", "1.2.3"), -1);
    assert.equal(versioning.get("apk").compare("3.0.0_p1-r2", "3.0.0-r3"), 1);
  });

  it("throws USAGE for an unknown scheme", () => {
    assert.throws(() => versioning.get("cobol"), { code: "USAGE" });
  });

  it("maps OSV ecosystems to schemes", () => {
    const cases: [string, string][] = [
      ["Debian:12", "deb"], ["Ubuntu:22.04:LTS", "deb"], ["Alpine:v3.20", "apk"], ["Wolfi", "apk"], ["Rocky Linux:9", "rpm"],
      ["npm", "semver"], ["crates.io", "semver"], ["PyPI", "pep440"], ["Maven", "maven"], ["RubyGems", "gem"],
      ["Go", "go"], ["NuGet", "nuget"], ["Packagist", "composer"], ["Hackage", "generic"],
    ];
    for (const [eco, id] of cases) assert.equal(versioning.schemeIdForEcosystem(eco), id, eco);
  });
});
