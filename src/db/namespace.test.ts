import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { debianRelease, normalizePackageName, osvNamespace } from "./namespace.js";
import { computeAliasGroups } from "./aliases.js";

describe("osvNamespace", () => {
  const table: [string, string | undefined, string | undefined][] = [
    ["PyPI", "pypi", "pep440"],
    ["npm", "npm", "semver"],
    ["crates.io", "crates.io", "semver"],
    ["AlmaLinux:9", "alma:9", "rpm"],
    ["Alpine:v3.16", "alpine:3.16", "apk"],
    ["Debian:12", "debian:12", "deb"],
    ["Debian:bookworm", "debian:12", "deb"],
    ["Ubuntu:22.04:LTS", "ubuntu:22.04", "deb"],
    ["Ubuntu:Pro:16.04:LTS", "ubuntu-pro:16.04", "deb"],
    ["Rocky Linux:8", "rocky:8", "rpm"],
    ["SUSE:Linux Enterprise Server 15 SP5", "sles:15.5", "rpm"],
    ["openSUSE:Leap 15.5", "opensuse:15.5", "rpm"],
    ["Red Hat:enterprise_linux:9", "redhat:enterprise_linux:9", "rpm"],
    ["Debian", undefined, undefined],
    ["Unknown", undefined, undefined],
  ];
  for (const [eco, ns, scheme] of table) {
    it(`${eco} → ${ns ?? "none"}`, () => {
      const r = osvNamespace(eco);
      assert.equal(r?.namespace, ns);
      assert.equal(r?.scheme, scheme);
    });
  }
  it("maps Debian codenames", () => {
    assert.equal(debianRelease("bookworm"), "12");
    assert.equal(debianRelease("Buster"), "10");
    assert.equal(debianRelease("sid"), "sid");
  });
});

describe("normalizePackageName", () => {
  it("applies PEP 503 to PyPI, lower-cases npm (scope kept), keeps Maven group:artifact", () => {
    assert.equal(normalizePackageName("pypi", "Zope.Interface_x"), "zope-interface-x");
    assert.equal(normalizePackageName("npm", "@Actions/Core"), "@actions/core");
    assert.equal(normalizePackageName("maven", "org.apache.logging.log4j:log4j-core"), "org.apache.logging.log4j:log4j-core");
    assert.equal(normalizePackageName("go", "github.com/BurntSushi/toml"), "github.com/BurntSushi/toml");
  });
  it("lower-cases CPE vendor:product names", () => {
    assert.equal(normalizePackageName("cpe", "NodeJS:Node.js"), "nodejs:node.js");
  });
});

describe("computeAliasGroups", () => {
  it("joins GHSA ↔ CVE ↔ PYSEC transitively and names the group by the CVE", () => {
    const g = computeAliasGroups(["PYSEC-2023-74", "GHSA-j8g2-6x9p-9g5p", "GO-2020-0001"], [
      ["PYSEC-2023-74", "GHSA-j8g2-6x9p-9g5p"],
      ["GHSA-j8g2-6x9p-9g5p", "CVE-2023-32681"],
    ]);
    assert.equal(g.get("PYSEC-2023-74"), "CVE-2023-32681");
    assert.equal(g.get("GHSA-j8g2-6x9p-9g5p"), "CVE-2023-32681");
    assert.equal(g.get("GO-2020-0001"), "GO-2020-0001");
  });
  it("prefers GHSA over PYSEC when no CVE is known", () => {
    const g = computeAliasGroups([], [["PYSEC-1", "GHSA-b"], ["GHSA-a", "PYSEC-1"]]);
    assert.equal(g.get("PYSEC-1"), "GHSA-a");
  });
});
