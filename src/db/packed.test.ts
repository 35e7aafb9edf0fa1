import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildDatabase } from "./build.js";
import { openAdvisoryStore } from "./store.js";
import { isDredgeError } from "../errors.js";
import { feedsDir } from "../../test/helpers/feed-server.js";
import { walkFiles, readRecordFile } from "./sources/files.js";
import { osvSource } from "./sources/osv/index.js";
import { alpineSource } from "./sources/alpine/index.js";
import { fixedFromRanges, packRecords, unpackRecords } from "./packed.js";
import { withoutCoveredVersions } from "./pack-table.js";
import type { AffectedPackage } from "./model.js";

const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} } };

async function realRecords(dir: string, limit: number): Promise<AffectedPackage[]> {
  const out: AffectedPackage[] = [];
  for (const f of (await walkFiles(dir, [".yaml", ".json"])).slice(0, limit)) {
    out.push(...osvSource.transform(await readRecordFile(f), ctx).affected);
  }
  return out;
}

const roundTrip = (a: AffectedPackage): AffectedPackage =>
  unpackRecords(a.namespace, a.packageName, packRecords([a]))[0] as AffectedPackage;

describe("packed records", () => {
  it("round-trips real OSV (PyPI, Go, AlmaLinux) and Alpine records unchanged", async () => {
    const recs = [
      ...(await realRecords(join(feedsDir, "osv-pypa/vulns"), 300)),
      ...(await realRecords(join(feedsDir, "osv-go"), 200)),
      ...(await realRecords(join(feedsDir, "osv-almalinux"), 100)),
    ];
    const fetchCtx = { location: join(feedsDir, "alpine-secdb/json"), local: true, logger: ctx.logger, tmpDir: "/nonexistent", setLastUpdate() {} };
    for await (const raw of alpineSource.fetch(fetchCtx)) {
      recs.push(...alpineSource.transform(raw, ctx).affected);
      if (recs.length > 2000) break;
    }
    assert.ok(recs.length > 500, `only ${recs.length} records`);
    for (const a of recs) assert.deepEqual(roundTrip(a), a, `${a.vulnerabilityId} ${a.packageName}`);
  });

  it("keeps odd shapes: constraint ranges, explicit fixed lists unlike the ranges, optional fields", () => {
    const a: AffectedPackage = {
      vulnerabilityId: "CVE-1", source: "debian", namespace: "debian:12", packageName: "p", status: "will_not_fix",
      ranges: [{ type: "ecosystem", scheme: "deb", events: [], constraint: "< 2" }],
      versions: [], fixedVersions: ["9"], urgency: "unimportant", notes: ["no-dsa"], advisories: ["DSA-1"],
    };
    assert.deepEqual(roundTrip(a), a);
    assert.deepEqual(roundTrip({ ...a, fixedVersions: [] }), { ...a, fixedVersions: [] });
  });

  it("stores the fixed list once when it is the ranges' fixed events", () => {
    const ranges = [{ type: "ecosystem" as const, scheme: "pep440" as const, events: [{ introduced: "0" }, { fixed: "1.2" }, { introduced: "2" }, { fixed: "2.3" }] }];
    assert.deepEqual(fixedFromRanges(ranges), ["1.2", "2.3"]);
    const packed = packRecords([{ vulnerabilityId: "X", source: "osv", namespace: "pypi", packageName: "p", status: "fixed", ranges, versions: [], fixedVersions: ["1.2", "2.3"] }]);
    assert.ok(!packed.includes('["1.2","2.3"]'), packed);
  });

  it("keeps the source and status indexes of existing databases: later entries only appended", () => {
    const cells = (source: AffectedPackage["source"], status: AffectedPackage["status"]) =>
      JSON.parse(packRecords([{ vulnerabilityId: "X", source, namespace: "n", packageName: "p", status, ranges: [], versions: [], fixedVersions: [] }])) as unknown[];
    const sources = ["osv", "debian", "alpine", "ubuntu", "redhat", "nvd", "kev", "epss", "amazon", "oracle", "mariner", "photon", "suse", "wolfi", "chainguard", "ubuntu-tracker"] as const;
    for (const [i, s] of sources.entries()) assert.equal(cells(s, "fixed")[1], i, s);
    const statuses = ["fixed", "affected", "will_not_fix", "fix_deferred", "end_of_life", "not_affected", "under_investigation"] as const;
    for (const [i, s] of statuses.entries()) assert.equal(cells("osv", s)[2], i, s);
    const a: AffectedPackage = { vulnerabilityId: "UBUNTU-CVE-1", source: "ubuntu-tracker", namespace: "ubuntu:22.04", packageName: "p", status: "under_investigation", ranges: [], versions: [], fixedVersions: [] };
    assert.deepEqual(roundTrip(a), a);
  });
});

describe("withoutCoveredVersions", () => {
  it("drops the listed versions real PyPI ranges already cover, keeps the rest", async () => {
    const recs = (await realRecords(join(feedsDir, "osv-pypa/vulns"), 300)).filter((a) => a.versions.length > 0);
    assert.ok(recs.length > 50);
    let dropped = 0;
    for (const a of recs) {
      const b = withoutCoveredVersions(a);
      dropped += a.versions.length - b.versions.length;
      for (const v of b.versions) assert.ok(a.versions.includes(v));
    }
    assert.ok(dropped > 1000, `dropped ${dropped}`);
    const base = recs[0] as AffectedPackage;
    const extra = withoutCoveredVersions({ ...base, ranges: [{ type: "ecosystem", scheme: "pep440", events: [{ introduced: "0" }, { fixed: "1.0" }] }], versions: ["0.5", "1.5", "not a version!"] });
    assert.deepEqual(extra.versions, ["1.5", "not a version!"]);
    const gitOnly = { ...base, ranges: [{ type: "git" as const, scheme: "pep440" as const, events: [{ introduced: "abc" }] }], versions: ["0.5"] };
    assert.deepEqual(withoutCoveredVersions(gitOnly).versions, ["0.5"]);
  });
});

describe("a damaged packages row", () => {
  it("odd shapes fail to decode instead of giving half records", () => {
    for (const bad of ['{"a":1}', '["CVE-1",0,0]', '["CVE-1",0,0,1,999,2]', '["CVE-1",0,0,"x",0]', '[7,0,0,0,0]']) {
      assert.throws(() => unpackRecords("npm", "p", bad), Error, bad);
    }
  });

  it("is a DB_ERROR naming the row, not a crash", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "dredge-packed-")), "db");
    await buildDatabase({ output: file, logger: ctx.logger, sources: [{ name: "osv", location: join(feedsDir, "osv-ghsa-subset") }] });
    const db = new Database(file);
    const [ns, name] = db.prepare("SELECT namespace, package FROM packages LIMIT 1").raw().get() as [string, string];
    db.prepare("UPDATE packages SET data = ? WHERE namespace = ? AND package = ?").run('["GHSA-x",0,', ns, name);
    db.close();
    const store = openAdvisoryStore(file);
    assert.throws(() => store.lookup(ns, name), (e) => isDredgeError(e) && e.code === "DB_ERROR" && e.message.includes(name));
    store.close();
  });
});
