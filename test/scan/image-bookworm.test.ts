/**
 * `dredge image` on the real bookworm test image against real feeds: every library finding is checked
 * against an independent evaluation of the fixture advisories (python3-packaging, node-semver), with
 * layer attribution read from the image's own config.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { severities } from "../../src/model/finding.js";
import { parseScanOptions, scanTarget, silentLogger } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { allFindings, buildFixtureDb, feeds, findingsFor, ghsaDir, idsOf, pypaDir } from "./fixture-db.js";
import type { Compare, OsvRecord } from "./oracle.js";
import { affecting, aliasGroups, fixedEvents, pairsFor, pep440Oracle, readOsvDir, semverCompare } from "./oracle.js";

let work: string;
let report: ScanReport;
let pypa: OsvRecord[];
let ghsa: OsvRecord[];

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-scan-image-"));
  const db = await buildFixtureDb(work);
  const r = await runCli(["image", testImages().ociArchive, "--db", db, "--format", "json", "--cache-dir", join(work, "cache")]);
  assert.equal(r.code, 0, r.stderr);
  report = JSON.parse(r.stdout) as ScanReport;
  pypa = readOsvDir(pypaDir);
  ghsa = readOsvDir(ghsaDir);
});
after(() => rmSync(work, { recursive: true, force: true }));

const pypiOracle = (name: string, version: string): Compare => pep440Oracle(pairsFor(pypa, "PyPI", name, version));

/** The findings of one package are exactly the expected advisories, one finding per alias group. */
function assertExactly(found: VulnerabilityFinding[], expected: OsvRecord[], what: string): void {
  const groups = aliasGroups(expected);
  const show = `${what}: found ${JSON.stringify(found.map(idsOf))}, expected ${JSON.stringify(groups)}`;
  assert.equal(found.length, groups.length, show);
  for (const g of groups) assert.equal(found.filter((f) => idsOf(f).some((i) => g.includes(i))).length, 1, show);
}

const ghsaSeverity = (s: string | undefined) => (s === "MODERATE" ? "MEDIUM" : s);

/** Fixed versions, status and severity of each finding, from the advisories it stands for. */
function assertDetails(found: VulnerabilityFinding[], expected: OsvRecord[], eco: string, cmp: Compare): void {
  for (const f of found) {
    const recs = expected.filter((r) => idsOf(f).includes(r.id));
    const ev = recs.map((r) => fixedEvents(r, eco, f.package.name, f.installedVersion, cmp));
    for (const v of ev.flatMap((e) => e.including)) assert.ok(f.fixedVersions.includes(v), `${f.id}: fix ${v} missing from ${f.fixedVersions}`);
    for (const v of f.fixedVersions) assert.ok(ev.some((e) => e.all.includes(v)), `${f.id}: fix ${v} is in no advisory`);
    assert.equal(f.status, f.fixedVersions.length > 0 ? "fixed" : "affected", f.id);
    assert.ok(severities.includes(f.severity), f.id);
    const vendor = recs.map((r) => ghsaSeverity(r.database_specific?.severity)).find(Boolean);
    if (vendor) {
      assert.equal(f.severity, vendor, `${f.id} severity`);
      assert.equal(f.severitySource, "ghsa", `${f.id} severity source`);
    } else if (f.severity !== "UNKNOWN") {
      assert.ok(f.severitySource, `${f.id}: severity ${f.severity} without a source`);
    }
  }
}

interface OciConfig { history: { created_by?: string; empty_layer?: boolean }[]; rootfs: { diff_ids: string[] } }

/** The image config, read from the OCI layout the archive was exported from. */
function imageConfig(): OciConfig {
  const oci = testImages().oci;
  const blob = (d: string) => readFileSync(join(oci, "blobs", ...d.split(":")), "utf8");
  const index = JSON.parse(readFileSync(join(oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const desc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!;
  const manifest = JSON.parse(blob(desc.digest)) as { config: { digest: string } };
  return JSON.parse(blob(manifest.config.digest)) as OciConfig;
}

describe("dredge image bookworm (osv-pypa, osv-ghsa-subset, osv-almalinux, kev)", () => {
  it("requests 2.25.1 gets exactly the PyPI advisories whose ranges include it", () => {
    const cmp = pypiOracle("requests", "2.25.1");
    const expected = affecting(pypa, "PyPI", "requests", "2.25.1", cmp);
    assert.ok(expected.length > 0, "the fixture must hold advisories for requests 2.25.1");
    const found = findingsFor(report, "pypi", "requests");
    assertExactly(found, expected, "requests");
    assertDetails(found, expected, "PyPI", cmp);
  });

  for (const [name, version] of [["lodash", "4.17.15"], ["node-fetch", "2.6.0"]] as const) {
    it(`${name} ${version} gets exactly its GHSA advisories from the subset`, () => {
      const expected = affecting(ghsa, "npm", name, version, semverCompare);
      assert.ok(expected.length > 0);
      const found = findingsFor(report, "npm", name);
      assertExactly(found, expected, name);
      assertDetails(found, expected, "npm", semverCompare);
      for (const f of found) assert.equal(f.installedVersion, version);
    });
  }

  it("nothing for deleted, hidden or dpkg-owned packages, though the feeds have advisories for them", () => {
    const exp = testImages().expected.bookworm;
    const gone = [
      ...exp.absent.filter((a) => a.type !== "deb"),
      ...exp.pythonOwnedByDpkg.map((p) => ({ type: "pypi", name: p.name, version: p.version })),
    ];
    const names = gone.map((g) => g.name.toLowerCase());
    for (const must of ["minimist", "pyyaml", "ansi-regex", "six", "urllib3"]) assert.ok(names.includes(must), must);
    for (const g of gone) {
      const hits = allFindings(report).filter((f) => f.package.type === g.type && f.package.name.toLowerCase() === g.name.toLowerCase());
      assert.deepEqual(hits.map((f) => f.id), [], `${g.type}:${g.name}@${g.version} must not be reported`);
    }
    // The absences mean something: the advisories are there and would match these versions.
    const wouldMatch = (g: { type: string; name: string; version: string }) => g.type === "npm"
      ? affecting(ghsa, "npm", g.name, g.version, semverCompare).length
      : affecting(pypa, "PyPI", g.name, g.version, pypiOracle(g.name, g.version)).length;
    for (const g of gone.filter((x) => x.name !== "six")) assert.ok(wouldMatch(g) > 0, `no advisory in the fixtures for ${g.name}@${g.version}`);
  });

  it("every library finding carries its layer (with createdBy), path and version", () => {
    const config = imageConfig();
    const layers = config.history.filter((h) => !h.empty_layer);
    const exp = testImages().expected.bookworm;
    const paths = new Map([...exp.npm, ...exp.python].map((p) => [p.name, p.path]));
    const lib = allFindings(report).filter((f) => f.package.class === "library");
    assert.ok(lib.length > 0);
    for (const f of lib) {
      const layer = f.package.layer;
      assert.ok(layer, `${f.package.name} ${f.id} has no layer`);
      assert.equal(layer.diffId, config.rootfs.diff_ids[layer.index], f.id);
      assert.equal(layer.createdBy, layers[layer.index]?.created_by, f.id);
      assert.equal(f.package.path, paths.get(f.package.name), f.id);
    }
    const lodash = findingsFor(report, "npm", "lodash")[0]!;
    assert.equal(lodash.package.layer?.index, 1);
    assert.match(lodash.package.layer?.createdBy ?? "", /npm install lodash@4\.17\.15/);
  });

  it("KEV marks exactly the findings whose ids are in the catalog", () => {
    const kev = JSON.parse(readFileSync(join(feeds, "cisa-kev/known_exploited_vulnerabilities.json"), "utf8")) as { vulnerabilities: { cveID: string }[] };
    const listed = new Set(kev.vulnerabilities.map((v) => v.cveID));
    for (const f of allFindings(report)) assert.equal(Boolean(f.kev), idsOf(f).some((i) => listed.has(i)), f.id);
  });
});

describe("the library entry runs the same scan as the CLI", () => {
  it("scanTarget finds exactly what `dredge image` reported", async () => {
    const db = join(work, "dredge.db"); // built by before(), as buildFixtureDb names it
    const options = parseScanOptions({ db, skipDbUpdate: true });
    const hooks = { logger: silentLogger, cacheDir: join(work, "cache-lib"), tmpDir: mkdtempSync(join(work, "tmp-")) };
    const { reports, failing } = await scanTarget(testImages().ociArchive, options, hooks);
    assert.equal(reports.length, 1);
    const key = (f: VulnerabilityFinding) => `${f.package.purl} ${f.id} ${f.fixedVersions.join(",")}`;
    const lib = reports[0]!.targets.flatMap((t) => t.vulnerabilities).map(key).sort();
    assert.ok(lib.length > 0);
    assert.deepEqual(lib, allFindings(report).map(key).sort());
    assert.equal(failing, lib.length);
  });
});
