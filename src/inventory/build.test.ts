import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { osAnalyzers } from "../analyzer/registry.js";
import { analyzeDirectory } from "../artifact/directory.js";
import { silentLogger } from "../util/log.js";
import { writeDebianRootfs } from "../../test/helpers/dpkg-rootfs.js";
import { buildInventory } from "./build.js";

describe("buildInventory with a huge package database", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "dredge-inventory-"));
    writeDebianRootfs(dir, 200_000);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps all 200,000 dpkg packages (no spread of the package list into a call)", async () => {
    const analysis = await analyzeDirectory(dir, { kind: "rootfs", analyzers: osAnalyzers, logger: silentLogger });
    const inv = buildInventory(analysis);
    assert.equal(inv.packages.length, 200_000);
    assert.equal(inv.os?.family, "debian");
    assert.equal(inv.packages.at(-1)?.purl, "pkg:deb/debian/p199999@1.199999?arch=amd64&distro=debian-12");
  });
});
