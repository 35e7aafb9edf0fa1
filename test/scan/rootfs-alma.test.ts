/**
 * `dredge rootfs` on an AlmaLinux 9 root filesystem with a real rpm database (Debian's rpm, hand-built
 * rpms) against the real ALSA feed: findings are checked against the OSV records evaluated with rpm's own
 * rpmvercmp as the oracle.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport } from "../../src/model/finding.js";
import { severities } from "../../src/model/finding.js";
import { runCli } from "../helpers/cli.js";
import type { TestRpm } from "./alma-rootfs.js";
import { buildAlmaRootfs, evr } from "./alma-rootfs.js";
import { almaDir, allFindings, buildFixtureDb, findingsFor, idsOf } from "./fixture-db.js";
import type { OsvRecord } from "./oracle.js";
import { affecting, fixedEvents, pairsFor, readOsvDir, rpmOracle } from "./oracle.js";

const ECO = "AlmaLinux:9";
const alma = (name: string, epoch: number | undefined, version: string, release: string): TestRpm =>
  ({ name, ...(epoch !== undefined ? { epoch } : {}), version, release, vendor: "AlmaLinux" });

/** Before their fixes; each sits exactly on an older ALSA's fixed EVR (that one must not match). */
const before_ = [alma("openssl-libs", 1, "3.0.7", "16.el9_2"), alma("grub2-common", 1, "2.06", "46.el9_1.3.alma")];
/** At the newest fix (curl) and above every fix (glibc). */
const after_ = [alma("curl", undefined, "7.76.1", "40.el9_8.5"), alma("glibc", undefined, "2.34", "999.el9")];
const thirdParty: TestRpm = { name: "openssl", epoch: 1, version: "3.0.1", release: "1.el9", vendor: "Some Third Party" };

let work: string;
let report: ScanReport;
let alsa: OsvRecord[];

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-scan-alma-"));
  const db = await buildFixtureDb(work);
  const root = buildAlmaRootfs(join(work, "alma"), [...before_, ...after_, thirdParty]);
  const r = await runCli(["rootfs", root, "--db", db, "--format", "json", "--cache-dir", join(work, "cache")]);
  assert.equal(r.code, 0, r.stderr);
  report = JSON.parse(r.stdout) as ScanReport;
  alsa = readOsvDir(almaDir);
});
after(() => rmSync(work, { recursive: true, force: true }));

const expectedFor = (p: TestRpm) => {
  const cmp = rpmOracle(pairsFor(alsa, ECO, p.name, evr(p)));
  return { cmp, records: affecting(alsa, ECO, p.name, evr(p), cmp) };
};

describe("dredge rootfs AlmaLinux 9 (rpmdb.sqlite, ALSA feed)", () => {
  it("reads the OS and the rpm packages", () => {
    assert.equal(report.artifact.os?.family, "alma");
    assert.equal(report.artifact.os?.name, "9.0");
    assert.deepEqual(report.warnings, []);
  });

  for (const p of before_) {
    it(`${p.name} ${evr(p)} gets exactly the ALSAs whose ranges include it`, () => {
      const { cmp, records } = expectedFor(p);
      assert.ok(records.length > 0, "the fixture must hold ALSAs for this EVR");
      const onFix = alsa.filter((r) => fixedEvents(r, ECO, p.name, evr(p), cmp).all.some((v) => cmp(evr(p), v) === 0));
      assert.ok(onFix.length > 0, `${evr(p)} must equal some ALSA's fixed EVR (the boundary case)`);
      const found = findingsFor(report, "rpm", p.name);
      assert.deepEqual(found.map((f) => f.id).sort(), records.map((r) => r.id).sort());
      for (const f of found) {
        const rec = records.find((r) => idsOf(f).includes(r.id))!;
        const fixes = fixedEvents(rec, ECO, p.name, evr(p), cmp);
        assert.deepEqual([...f.fixedVersions].sort(), [...new Set(fixes.all)].sort(), f.id);
        assert.equal(f.installedVersion, evr(p));
        assert.equal(f.status, "fixed");
        assert.equal(f.package.class, "os");
        assert.ok(severities.includes(f.severity));
        if (f.severity !== "UNKNOWN") assert.ok(f.severitySource, `${f.id}: severity without a source`);
      }
    });
  }

  for (const p of after_) {
    it(`${p.name} ${evr(p)} (at or above every fix) gets none`, () => {
      assert.ok(alsa.some((r) => r.affected.some((a) => a.package.ecosystem === ECO && a.package.name === p.name)), `ALSAs name ${p.name}`);
      assert.deepEqual(expectedFor(p).records.map((r) => r.id), []);
      assert.deepEqual(findingsFor(report, "rpm", p.name).map((f) => f.id), []);
    });
  }

  it("a package built by a third party (Vendor) is not matched against AlmaLinux's advisories", () => {
    assert.ok(expectedFor(thirdParty).records.length > 0, "the EVR alone would match ALSAs");
    assert.deepEqual(findingsFor(report, "rpm", thirdParty.name).map((f) => f.id), []);
    assert.equal(allFindings(report).filter((f) => f.package.type === "rpm").length,
      before_.reduce((n, p) => n + expectedFor(p).records.length, 0));
  });
});
