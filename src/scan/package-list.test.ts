import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findingPackage } from "../matcher/findings.js";
import type { VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { applyIgnoresToReport, parseIgnore } from "../policy/index.js";
import { reportPackage, withoutPackageListing } from "./package-list.js";
import { buildReport } from "./report.js";

const layer = { index: 1, diffId: "sha256:" + "b".repeat(64) };
const pkg = (type: Package["type"], name: string, version: string, path: string, extra: Partial<Package> = {}): Package => ({
  type, name, version, purl: `pkg:${type}/${name}@${version}`, locations: [{ path, layer }], layer, ...extra,
});

const bash = pkg("deb", "bash", "5.2.15-2+b7", "/var/lib/dpkg/status", { source: { name: "bash", version: "5.2.15-2" }, arch: "amd64", licenses: ["GPL-3+"] });
const openssl = pkg("rpm", "openssl-libs", "3.0.7", "/var/lib/rpm/rpmdb.sqlite", { epoch: 1, release: "27.el9", arch: "x86_64" });
const lodash = pkg("npm", "lodash", "4.17.20", "/app/package-lock.json", { licenses: ["MIT"] });
const react = pkg("npm", "react", "18.2.0", "/app/package-lock.json", { dependsOn: ["loose-envify"], dev: true });
const requests = pkg("pypi", "requests", "2.31.0", "/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA");

const inventory: Inventory = {
  target: { name: "example:1", source: "docker-archive", repoTags: ["example:1"], repoDigests: [] },
  os: { family: "debian", name: "12" },
  packages: [bash, openssl, lodash, react, requests],
  layers: [],
  warnings: [],
};

const finding = (p: Package, id: string): VulnerabilityFinding => ({
  id, aliases: [], package: findingPackage(p), installedVersion: p.version, fixedVersions: ["4.17.21"], status: "fixed",
  severity: "HIGH", cvss: [], cwes: [], references: [],
});

const build = (packages?: readonly Package[]) =>
  buildReport({ inventory, findings: [finding(lodash, "CVE-2021-23337")], tool: { name: "dredge", version: "0" }, warnings: [], now: new Date(0), packages });

describe("package listing of a scan report", () => {
  it("without a listing, package targets exist only for findings and carry no packages", () => {
    const r = build();
    assert.deepEqual(r.targets.map((t) => t.target), ["/app/package-lock.json"]);
    assert.equal(r.targets[0]!.packages, undefined);
  });

  it("with one, every package is listed in its target, with or without findings", () => {
    const r = build(inventory.packages);
    assert.deepEqual(r.targets.map((t) => [t.target, t.class, t.type, t.packages!.map((p) => p.name)]), [
      ["example:1 (debian 12)", "os-pkgs", "debian", ["bash", "openssl-libs"]],
      ["/app/package-lock.json", "lang-pkgs", "npm", ["lodash", "react"]],
      ["Python", "lang-pkgs", "pypi", ["requests"]],
    ]);
    assert.equal(r.targets[1]!.vulnerabilities.length, 1);
    assert.equal(r.targets[2]!.vulnerabilities.length, 0);
  });

  it("lists name, full version, purl, type, class, layer, path, licences, source, arch, dependencies", () => {
    assert.deepEqual(reportPackage(bash), {
      name: "bash", version: "5.2.15-2+b7", type: "deb", purl: "pkg:deb/bash@5.2.15-2+b7", class: "os",
      source: { name: "bash", version: "5.2.15-2" }, path: "/var/lib/dpkg/status", layer, arch: "amd64", licenses: ["GPL-3+"],
    });
    assert.equal(reportPackage(openssl).version, "1:3.0.7-27.el9");
    assert.deepEqual(reportPackage(react).dependsOn, ["loose-envify"]);
    assert.equal(reportPackage(react).dev, true);
    assert.equal(reportPackage(react).class, "library");
  });

  it("withoutPackageListing gives back exactly the report built without one", () => {
    assert.deepEqual(withoutPackageListing(build(inventory.packages)), build());
    const plain = build();
    assert.equal(withoutPackageListing(plain), plain);
  });

  it("keeps every package when the findings are suppressed (the listing is not filtered)", () => {
    const r = build(inventory.packages);
    const { report } = applyIgnoresToReport(r, parseIgnore("CVE-2021-23337\n", ".dredgeignore"), new Date(0));
    assert.ok(report.targets[1]!.vulnerabilities[0]!.suppressed);
    assert.deepEqual(report.targets.map((t) => t.packages!.length), [2, 2, 1]);
  });
});
