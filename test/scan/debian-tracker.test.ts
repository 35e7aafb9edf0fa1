import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/index.js";
import { openAdvisoryStore, type AdvisoryStore } from "../../src/db/store.js";
import type { Inventory } from "../../src/model/inventory.js";
import type { Package } from "../../src/model/package.js";
import { matchInventory } from "../../src/scan/match.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir } from "../helpers/images.js";

// The real Debian security tracker JSON sample: the distro's own verdicts per release.
const tmp = mkdtempSync(join(tmpdir(), "dredge-debian-"));
let store: AdvisoryStore;
before(async () => {
  const output = join(tmp, "debian.db");
  await buildDatabase({ output, logger: silentLogger, sources: [{ name: "debian", location: join(fixturesDir, "feeds/debian-security-tracker/sample-tracker-json/debian.json") }] });
  store = openAdvisoryStore(output);
});
after(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function scan(release: string, codename: string, name: string, version: string, source?: { name: string; version: string }) {
  const pkg: Package = { type: "deb", name, version, purl: `pkg:deb/debian/${name}@${version}`, source, locations: [{ path: "/var/lib/dpkg/status" }] };
  const inv: Inventory = { target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, os: { family: "debian", name: release, codename }, packages: [pkg], layers: [], warnings: [] };
  const warnings: string[] = [];
  return { findings: matchInventory(inv, store, (w) => warnings.push(w)), warnings };
}

describe("Debian tracker verdicts reach the findings", () => {
  it("an open issue on an end-of-life release is reported, with Debian's note, and no fix", () => {
    const { findings } = scan("10", "buster", "chromium", "90.0.4430.212-1~deb10u1");
    assert.deepEqual(findings.map((f) => f.id), ["CVE-2022-0456"]);
    assert.deepEqual(findings[0]!.fixedVersions, []);
    assert.notEqual(findings[0]!.status, "fixed");
    assert.ok(findings[0]!.notes?.some((n) => /end-of-life|end of life/.test(n)), JSON.stringify(findings[0]!.notes));
  });

  it("fixed in bookworm: reported below the fix, not at it", () => {
    const below = scan("12", "bookworm", "chromium", "97.0.4692.99-1~deb12u1").findings;
    assert.deepEqual(below.map((f) => [f.id, f.status, f.fixedVersions]), [["CVE-2022-0456", "fixed", ["98.0.4758.80-1"]]]);
    assert.deepEqual(scan("12", "bookworm", "chromium", "98.0.4758.80-1").findings, []);
  });

  it("Debian's urgency is the severity (`low**` → LOW, from debian)", () => {
    const { findings } = scan("9", "stretch", "txt2man", "1.5.5-4");
    assert.deepEqual(findings.map((f) => [f.id, f.severity, f.severitySource]), [["CVE-2013-1444", "LOW", "debian"]]);
  });

  it("matching uses the source package and version (binary names and binNMUs differ)", () => {
    const { findings } = scan("9", "stretch", "libjs-prototype", "1.6.0.1-1+b1", { name: "prototypejs", version: "1.6.0.1-1" });
    // CVE-2008-7220 is fixed in 1.6.0.2-1; CVE-2007-2383 is marked not affected (fixed_version 0, unimportant).
    assert.deepEqual(findings.map((f) => [f.id, f.severity]), [["CVE-2008-7220", "HIGH"]]);
    assert.equal(findings[0]!.installedVersion, "1.6.0.1-1");
  });
});
