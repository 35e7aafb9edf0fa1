/**
 * `npm run demo` without the network: the demo image (scripts/demo-image.mjs) and the demo database (the
 * ordinary `dredge db build` with the demo's --source arguments) are built into a temp dir and scanned with
 * the demo's scan arguments. Expectations come from the shipped data (test/helpers/demo-data.ts): every
 * advisory of demo/data/feeds that affects a package of demo/data/image is reported for that package, with
 * its fixed versions, its layer's instruction and a remediation, nothing else is, and exactly the CVEs of
 * the KEV subset carry a KEV mark.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { bannerLines, DEMO_DATA, dbBuildArgs, readDemoManifest, scanArgs } from "../../scripts/demo-lib.mjs";
import { writeDemoImage } from "../../scripts/demo-image.mjs";
import { runCli } from "../helpers/cli.js";
import { cmp, demoPackages, expectedFindings, kevIds, type ExpectedFinding } from "../helpers/demo-data.js";

let work: string;
let report: ScanReport;
let found: Map<string, VulnerabilityFinding>;
const expected = expectedFindings(DEMO_DATA);
const key = (pkg: string, id: string): string => `${pkg} ${id}`;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-demo-"));
  const image = join(work, "demo.oci-archive.tar");
  const db = join(work, "demo.db");
  await writeDemoImage(image);
  const build = await runCli(["db", "build", ...dbBuildArgs(db)]);
  assert.equal(build.code, 0, build.stderr);
  const scan = await runCli(["--cache-dir", join(work, "cache"), "image", ...scanArgs(image, db), "--format", "json"]);
  assert.equal(scan.code, 0, scan.stderr);
  report = JSON.parse(scan.stdout) as ScanReport;
  const vulns = report.targets.flatMap((t) => t.vulnerabilities ?? []);
  found = new Map(vulns.map((v) => [key(v.package.name, v.id), v]));
  assert.equal(found.size, vulns.length, "one finding per package and vulnerability");
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("npm run demo: real findings from the bundled snapshot", () => {
  it("the demo data affects packages of every layer (the expectations below are not empty)", () => {
    const ecosystems = new Set(expected.map((e) => e.pkg.ecosystem));
    assert.deepEqual([...ecosystems].sort(), ["alpine", "maven", "npm", "pypi"]);
    const layers = new Set(demoPackages(DEMO_DATA).map((p) => p.createdBy));
    assert.equal(layers.size, readDemoManifest().image.layers.length);
  });

  it("reports every advisory of the demo data that affects an installed package, and no other", () => {
    const want = expected.map((e) => key(e.pkg.name, e.id)).sort();
    assert.deepEqual([...found.keys()].sort(), want);
  });

  it("each finding has the advisory's fixed version(s), the installed version and the layer's instruction", () => {
    for (const e of expected) {
      const v = found.get(key(e.pkg.name, e.id))!;
      assert.equal(v.installedVersion, e.pkg.version, `${e.pkg.name} ${e.id}`);
      assert.equal(v.status, "fixed", `${e.pkg.name} ${e.id}`);
      // Every fix of the ranges that hold the installed version (a record may list other branches' fixes too).
      for (const f of e.fixed) assert.ok(v.fixedVersions.includes(f), `${e.pkg.name} ${e.id}: ${f} in ${v.fixedVersions.join(", ")}`);
      assert.ok(e.fixed.length > 0, `${e.pkg.name} ${e.id}: the demo data gives a fix`);
      assert.equal(v.package.layer?.createdBy, e.pkg.createdBy, `${e.pkg.name} ${e.id}`);
    }
  });

  it("marks exactly the KEV subset's CVEs as known exploited", () => {
    const kev = kevIds(DEMO_DATA);
    const marked = [...found.values()].filter((v) => v.kev !== undefined).map((v) => v.id);
    assert.ok(marked.length > 0, "the KEV subset names CVEs the demo image has");
    assert.deepEqual([...new Set(marked)].sort(), expected.map((e) => e.id).filter((id) => kev.has(id)).sort());
  });

  it("remediation: one upgrade per affected package, to a version that fixes each of its findings", () => {
    const byPkg = new Map<string, ExpectedFinding[]>();
    for (const e of expected) byPkg.set(e.pkg.name, [...(byPkg.get(e.pkg.name) ?? []), e]);
    const remediation = report.remediation?.packages ?? [];
    assert.deepEqual(remediation.map((r) => r.name).sort(), [...byPkg.keys()].sort());
    for (const r of remediation) {
      const mine = byPkg.get(r.name)!;
      assert.equal(r.fixes, mine.length, r.name);
      for (const e of mine) assert.ok(e.fixed.some((f) => cmp(e.pkg, r.upgradeTo, f) >= 0), `${r.name} → ${r.upgradeTo} fixes ${e.id}`);
    }
  });

  it("the banner says it is a dated snapshot of real data, not a current database", () => {
    const text = bannerLines().join("\n");
    assert.match(text, /DEMO SNAPSHOT of real data, not a current vulnerability database/);
    assert.ok(text.includes(readDemoManifest().snapshot));
  });
});
