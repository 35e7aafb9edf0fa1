import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SchemeId } from "../types.js";
import { satisfies } from "./native.js";

function table(scheme: SchemeId, range: string, inside: string[], outside: string[]): void {
  for (const v of inside) assert.equal(satisfies(scheme, v, range), true, `${v} in ${scheme} ${range}`);
  for (const v of outside) assert.equal(satisfies(scheme, v, range), false, `${v} not in ${scheme} ${range}`);
}

describe("satisfies (native ranges)", () => {
  it("npm ranges and GHSA comparator lists, prereleases included", () => {
    table("semver", "^1.2.0", ["1.2.0", "1.9.9"], ["2.0.0", "1.1.9"]);
    table("semver", ">= 1.0, < 1.2.3", ["1.0.0", "1.2.3-rc.1", "1.2.2"], ["1.2.3", "0.9.0"]);
    table("semver", "<1.0.0 || >=2.0.0 <2.1.0", ["0.5.0", "2.0.5"], ["1.5.0", "2.1.0"]);
  });

  it("Maven and NuGet intervals", () => {
    table("maven", "[1.0,2.0)", ["1.0", "1.5-SNAPSHOT", "2.0-rc1"], ["2.0", "0.9"]);
    table("maven", "(,1.0],[1.2,)", ["0.1", "1.0", "1.2", "5"], ["1.1"]);
    table("maven", "[1.0]", ["1.0", "1.0.0"], ["1.0.1"]);
    table("nuget", "[1.0.0, 2.0.0)", ["1.0.0", "1.9.9-beta"], ["2.0.0"]);
    table("maven", ">= 1.0, < 1.2.3", ["1.0", "1.2.2"], ["1.2.3"]);
  });

  it("PEP 440 specifiers", () => {
    table("pep440", ">=1.0,<1.2.3", ["1.0", "1.2.3rc1"], ["1.2.3", "0.9"]);
    table("pep440", "~=1.4.5", ["1.4.5", "1.4.99"], ["1.5.0", "1.4.4"]);
    table("pep440", "==1.2.*", ["1.2", "1.2.9", "1.2.0rc1"], ["1.3", "1.1.9"]);
    table("pep440", "!=1.2.*", ["1.3", "1.1"], ["1.2.5"]);
    table("pep440", "===1.0+local", ["1.0+LOCAL"], ["1.0"]);
  });

  it("RubyGems pessimistic constraints", () => {
    table("gem", "~> 2.3", ["2.3", "2.9.1"], ["3.0", "2.2"]);
    table("gem", "~> 2.3.1", ["2.3.1", "2.3.9"], ["2.4", "2.3.0"]);
    table("gem", ">= 1.0, < 1.2", ["1.0", "1.1.9"], ["1.2"]);
  });

  it("Composer constraints", () => {
    table("composer", "^1.2.3", ["1.2.3", "1.9"], ["2.0.0", "2.0.0-RC1", "1.2.2"]);
    table("composer", "~1.2", ["1.2", "1.9"], ["2.0"]);
    table("composer", ">=1.0 <1.2 || >=2.0,<2.1", ["1.1", "2.0.5"], ["1.5", "2.1"]);
  });

  it("distro schemes use plain comparator lists", () => {
    table("deb", ">= 1.0-1, << 2.0", ["1.0-1", "1.9~rc1"], ["2.0", "0.9"]);
    table("rpm", "< 1:2.0", ["2.0-1", "1:1.9"], ["1:2.0", "2:0.1"]);
    table("apk", "<1.2.3-r2", ["1.2.3-r1", "1.2.3_rc1-r5"], ["1.2.3-r2"]);
  });

  it("throws on unparseable ranges and versions", () => {
    assert.throws(() => satisfies("semver", "1.0.0", ">= banana"), { code: "INVALID_VERSION", message: /banana/ });
    assert.throws(() => satisfies("pep440", "1.0", "~> 1.0"), { code: "INVALID_VERSION", message: /~>/ });
    assert.throws(() => satisfies("semver", "junk", ">=1.0.0"), { code: "INVALID_VERSION", message: /invalid semver version "junk"/ });
  });
});
