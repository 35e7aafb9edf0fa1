import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalDistro } from "./distro.js";
import { purlMatches } from "./purl-match.js";

describe("purlMatches", () => {
  const cases: [string, string, boolean][] = [
    ["pkg:pypi/requests@2.25.1", "pkg:pypi/requests@2.25.1", true],
    ["pkg:pypi/requests@2.25.1", "pkg:pypi/requests@2.31.0", false],
    ["pkg:pypi/requests", "pkg:pypi/requests@2.31.0", true],
    ["pkg:pypi/Requests@2.25.1", "pkg:pypi/requests@2.25.1", true],
    ["pkg:npm/lodash", "pkg:npm/lodash.merge@4.6.2", false],
    ["pkg:npm/lodash@4.17.15", "pkg:npm/lodash-es@4.17.15", false],
    ["pkg:npm/%40babel/core", "pkg:npm/%40babel/core@7.22.0", true],
    ["pkg:npm/%40babel/core", "pkg:npm/core@7.22.0", false],
    ["pkg:deb/debian/", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", true],
    ["pkg:deb/debian", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", true],
    ["pkg:deb/debian", "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10?arch=amd64&distro=ubuntu-22.04", false],
    ["pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", true],
    ["pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", false],
    ["pkg:deb/debian/libssl3?distro=bookworm", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", true],
    ["pkg:deb/debian/libssl3?distro=bullseye", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", false],
    ["pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=amd64&distro=jammy", "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=amd64&distro=ubuntu-22.04", true],
    ["pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1", "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1", true],
    ["pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1", "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64", false],
  ];
  for (const [pattern, purl, want] of cases) {
    it(`${pattern} ${want ? "matches" : "does not match"} ${purl}`, () => assert.equal(purlMatches(pattern, purl), want));
  }

  it("maps Debian and Ubuntu codenames to releases", () => {
    assert.equal(canonicalDistro("esm-infra-legacy/trusty"), "14.04");
    assert.equal(canonicalDistro("ubuntu-22.04"), "22.04");
    assert.equal(canonicalDistro("bookworm"), "12");
    assert.equal(canonicalDistro("3.18"), "3.18");
  });
});
