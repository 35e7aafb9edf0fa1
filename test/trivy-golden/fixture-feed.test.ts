/** The test-only feed that turns Trivy's fixture database into Dredge rows. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAdvisoryStore } from "../../src/db/store.js";
import { parseRange } from "../../src/versioning/ranges/native.js";
import { readFixtureFeed, writeFixtureDatabase } from "./fixture-feed.js";
import { fixtureDbDir } from "./golden.js";

const feed = readFixtureFeed(fixtureDbDir);
const rows = (ns: string, pkg: string) => feed.output.affected.filter((a) => a.namespace === ns && a.packageName === pkg);

describe("Trivy fixture feed", () => {
  it("converts every bucket Dredge has a namespace for and lists the others", () => {
    assert.deepEqual([...feed.skippedBuckets].sort(), [
      "k8s::Official Kubernetes CVE Feed",
    ]);
    const namespaces = new Set(feed.output.affected.map((a) => a.namespace));
    for (const ns of ["npm", "pypi", "packagist", "go", "crates.io", "maven", "rubygems", "nuget", "pub", "hex", "debian:9", "alpine:3.10", "ubuntu:18.04", "redhat:7", "rocky:8", "alma:8", "opensuse:15.1", "opensuse:tumbleweed", "sles:15.3", "amazon:1", "amazon:2", "oracle:8", "mariner:1.0", "photon:3.0", "sle-micro:5.3"]) {
      assert.ok(namespaces.has(ns), ns);
    }
  });

  it("keeps Trivy's native range strings as constraints that Dredge's range parser accepts", () => {
    const constraints = feed.output.affected.flatMap((a) => a.ranges.filter((r) => r.constraint));
    assert.ok(constraints.length >= 25);
    for (const r of constraints) assert.doesNotThrow(() => parseRange(r.scheme, r.constraint!), `${r.scheme} ${r.constraint}`);
    assert.deepEqual(rows("maven", "com.fasterxml.jackson.core:jackson-databind").map((a) => a.ranges[0]!.constraint).sort(), [
      ">= 2.0.0, <= 2.9.10.3", "[2.9.0,2.9.10.7)",
    ]);
  });

  it("turns patched-only advisories into the complement of the patched ranges", () => {
    const a = rows("crates.io", "ammonia").find((x) => x.vulnerabilityId === "CVE-2021-38193")!;
    assert.deepEqual(a.ranges[0]!.events, [{ introduced: "0" }, { fixed: "2.1.3" }, { introduced: "3.0.0" }, { fixed: "3.1.0" }]);
  });

  it("scopes Red Hat entries by CPE to RHEL majors, one row per CVE of an RHSA", () => {
    assert.deepEqual(rows("redhat:7", "bash").map((a) => [a.vulnerabilityId, a.status, a.severity]), [["CVE-2019-18276", "will_not_fix", "low"]]);
    assert.deepEqual(rows("redhat:6", "bash"), []);
    const openssl6 = rows("redhat:6", "openssl");
    assert.deepEqual(openssl6.map((a) => [a.vulnerabilityId, a.fixedVersions, a.advisories]), [["CVE-2019-1559", ["0:1.0.1e-58.el6_10"], ["RHSA-2019:2471"]]]);
  });

  it("takes the distro's severity from the row, else from the vendor's VendorSeverity entry", () => {
    assert.equal(rows("debian:9", "bash")[0]!.severity, "low");
    assert.equal(rows("debian:9", "bash")[0]!.status, "end_of_life");
    assert.equal(rows("ubuntu:18.04", "e2fsprogs")[0]!.severity, "medium");
    assert.equal(rows("alpine:3.10", "musl")[0]!.severity, undefined);
  });

  it("writes a database the store reads back", () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-trivy-feed-"));
    try {
      const file = join(dir, "db.sqlite");
      writeFixtureDatabase(fixtureDbDir, file, new Date().toISOString());
      const store = openAdvisoryStore(file);
      try {
        const total = store.metadata().namespaces.reduce((n, x) => n + x.rows, 0);
        assert.equal(total, feed.output.affected.length);
        assert.deepEqual(store.lookup("pypi", "werkzeug").map((a) => a.vulnerabilityId).sort(), ["CVE-2019-14806", "CVE-2020-28724"]);
        const v = store.vulnerability("CVE-2019-10744")!;
        assert.ok(v.records[0]!.severities.some((s) => s.source === "ghsa" && s.type === "vendor" && s.rating === "critical"));
        assert.ok(v.records[0]!.severities.some((s) => s.source === "nvd" && s.type === "CVSS_V3" && s.vector?.startsWith("CVSS:3")));
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
