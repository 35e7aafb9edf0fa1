import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AdvisoryStore } from "../../db/store.js";
import { fromRegistry } from "../../model/classify.js";
import type { Package } from "../../model/package.js";
import type { VulnerabilityFinding } from "../../model/finding.js";
import { filterFindings } from "../../scan/filter.js";
import { findingPackage } from "../findings.js";
import { languageMatcher } from "./matcher.js";

const pkg = (purl: string, extra: Partial<Package> = {}): Package => ({ type: "npm", name: "lodash", version: "4.17.15", purl, locations: [{ path: "/package-lock.json" }], ...extra });

describe("language matcher: registry packages only", () => {
  it("git checkouts, URL tarballs and local paths are not looked up", () => {
    const looked: string[] = [];
    const store = { lookup: (ns: string, name: string) => (looked.push(`${ns}/${name}`), []) } as unknown as AdvisoryStore;
    const ctx = { store, os: undefined, warn: () => {} };
    for (const purl of [
      "pkg:npm/lodash@4.17.15?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fu%2Flodash.git%40abc1234",
      "pkg:npm/lodash@4.17.15?download_url=https%3A%2F%2Fexample.com%2Flodash.tgz",
      "pkg:npm/lodash@4.17.15?download_url=file%3A..%2Flodash",
    ]) {
      assert.equal(fromRegistry(pkg(purl)), false, purl);
      assert.deepEqual(languageMatcher.match(pkg(purl), ctx), []);
    }
    assert.deepEqual(looked, []);
    languageMatcher.match(pkg("pkg:npm/lodash@4.17.15"), ctx);
    assert.deepEqual(looked, ["npm/lodash"]);
  });
});

describe("dev-only packages' findings", () => {
  const finding = (dev: boolean): VulnerabilityFinding =>
    ({ id: "CVE-2020-8203", package: findingPackage(pkg("pkg:npm/lodash@4.17.15", { dev })), severity: "HIGH", status: "fixed", fixedVersions: ["4.17.19"] }) as VulnerabilityFinding;

  it("are left out by default and kept with --include-dev-deps", () => {
    assert.equal(finding(true).package.dev, true);
    assert.equal(finding(false).package.dev, undefined);
    assert.deepEqual(filterFindings([finding(true), finding(false)], {}).map((f) => f.package.dev), [undefined]);
    assert.equal(filterFindings([finding(true), finding(false)], { includeDevDeps: true }).length, 2);
  });
});
