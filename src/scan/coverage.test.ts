import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Inventory } from "../model/inventory.js";
import type { OSInfo, Package, PackageType } from "../model/package.js";
import { coverageOf, coverageWarning } from "./coverage.js";

const pkg = (type: PackageType, name: string): Package => ({ type, name, version: "1.0", purl: `pkg:${type}/${name}@1.0`, locations: [{ path: "/x" }] });
const inv = (packages: Package[], os?: OSInfo): Inventory => ({ target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, ...(os ? { os } : {}), packages, layers: [], warnings: [] });
const debian: OSInfo = { family: "debian", name: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" };
const all = ["os", "library"] as const;

describe("coverageOf", () => {
  it("OS first, then ecosystems by name; checked when the database has one of the namespaces", () => {
    const i = inv([pkg("npm", "b"), pkg("deb", "bash"), pkg("pypi", "a"), pkg("deb", "zlib"), pkg("apk", "musl")], debian);
    const cov = coverageOf(i, { namespaces: new Set(["debian:12", "npm"]), selection: "all" }, all);
    assert.deepEqual(cov.map((c) => [c.kind, c.name, c.namespaces, c.packages, c.checked]), [
      ["os", "debian 12", ["debian:12"], 2, true], // the apk package is not the OS's
      ["ecosystem", "npm", ["npm"], 1, true],
      ["ecosystem", "pypi", ["pypi"], 1, false],
    ]);
    assert.equal(coverageWarning(cov[2]!, debian), "not checked for vulnerabilities: 1 pypi package: the vulnerability database has no data for pypi");
    assert.equal(coverageWarning(cov[0]!, debian), undefined);
  });

  it("OS packages without a detected OS, and a namespace --db-namespaces left out", () => {
    const cov = coverageOf(inv([pkg("deb", "bash"), pkg("deb", "zlib"), pkg("npm", "a")]), { namespaces: new Set(), selection: ["debian"] }, all);
    assert.deepEqual(cov, [
      { kind: "os", name: "unknown", namespaces: [], packages: 2, checked: false, reason: "no OS was detected (no os-release or release file)" },
      { kind: "ecosystem", name: "npm", namespaces: ["npm"], packages: 1, checked: false, reason: "the vulnerability database has no data for npm (left out by --db-namespaces)" },
    ]);
    assert.equal(coverageWarning(cov[0]!, undefined), "not checked for vulnerabilities: 2 OS packages: no OS was detected (no os-release or release file)");
  });

  it("only the scanned package classes", () => {
    const cov = coverageOf(inv([pkg("deb", "bash"), pkg("npm", "a")], debian), { namespaces: new Set(), selection: "all" }, ["library"]);
    assert.deepEqual(cov.map((c) => c.name), ["npm"]);
  });
});
