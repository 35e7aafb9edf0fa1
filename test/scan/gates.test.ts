/**
 * Scan gates and report options end to end, each with a failing and a passing case: --exit-code,
 * --severity, --ignore-unfixed, --pkg-types, --sort, --format (several, unknown), --db, --group-by,
 * --ignorefile and --vex. Targets: an AlmaLinux 9 rootfs (rpm + pip packages) and the bookworm image.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { addPythonDist, buildAlmaRootfs } from "./alma-rootfs.js";
import { allFindings, buildFixtureDb } from "./fixture-db.js";

let work: string;
let db: string;
let root: string;
let baseline: VulnerabilityFinding[];

const rootfs = (...extra: string[]) => runCli(["rootfs", root, "--db", db, "--cache-dir", join(work, "cache"), ...extra]);
const image = (...extra: string[]) => runCli(["image", testImages().ociArchive, "--db", db, "--cache-dir", join(work, "cache"), ...extra]);

async function rootfsJson(...extra: string[]): Promise<{ code: number; findings: VulnerabilityFinding[] }> {
  const r = await rootfs("--format", "json", ...extra);
  assert.ok(r.stdout.trim().startsWith("{"), `no JSON report (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, findings: allFindings(JSON.parse(r.stdout) as ScanReport) };
}

const ids = (fs: readonly VulnerabilityFinding[]) => fs.map((f) => `${f.package.name} ${f.id}`).sort();

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-scan-gates-"));
  db = await buildFixtureDb(work);
  root = buildAlmaRootfs(join(work, "alma"), [{ name: "openssl-libs", epoch: 1, version: "3.0.7", release: "16.el9_2", vendor: "AlmaLinux" }]);
  addPythonDist(root, "ajenti", "1.2.23.13"); // past the fixed ajenti advisories; PYSEC-2018-107 has no fix
  const r = await rootfsJson();
  assert.equal(r.code, 0);
  baseline = r.findings;
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("scan gates", () => {
  it("--exit-code 5 fails with findings; with --severity CRITICAL and no critical finding it passes", async () => {
    assert.ok(baseline.length > 0);
    assert.equal((await rootfsJson("--exit-code", "5")).code, 5);
    assert.ok(!baseline.some((f) => f.severity === "CRITICAL"), "the fixture rootfs must have no CRITICAL finding");
    const critical = await rootfsJson("--exit-code", "5", "--severity", "CRITICAL");
    assert.deepEqual([critical.code, critical.findings.length], [0, 0]);
    const present = baseline[0]!.severity;
    const some = await rootfsJson("--exit-code", "5", "--severity", present);
    assert.equal(some.code, 5);
    assert.deepEqual(ids(some.findings), ids(baseline.filter((f) => f.severity === present)));
  });

  it("--ignore-unfixed hides exactly the findings no version fixes, and the gate passes", async () => {
    const unfixed = baseline.filter((f) => f.fixedVersions.length === 0);
    assert.ok(unfixed.length > 0 && unfixed.length < baseline.length, "the fixture needs fixed and unfixed findings");
    const r = await rootfsJson("--ignore-unfixed");
    assert.deepEqual(ids(r.findings), ids(baseline.filter((f) => f.fixedVersions.length > 0)));
    // The library findings (ajenti) are all unfixed: --ignore-unfixed turns that gate's failure into a pass.
    assert.ok(baseline.filter((f) => f.package.class === "library").every((f) => f.fixedVersions.length === 0));
    assert.equal((await rootfsJson("--pkg-types", "library", "--exit-code", "5")).code, 5);
    assert.equal((await rootfsJson("--pkg-types", "library", "--exit-code", "5", "--ignore-unfixed")).code, 0);
  });

  it("--pkg-types os hides library findings; --pkg-types library hides OS findings", async () => {
    const os = baseline.filter((f) => f.package.class === "os");
    const lib = baseline.filter((f) => f.package.class === "library");
    assert.ok(os.length > 0 && lib.length > 0);
    assert.deepEqual(ids((await rootfsJson("--pkg-types", "os")).findings), ids(os));
    assert.deepEqual(ids((await rootfsJson("--pkg-types", "library")).findings), ids(lib));
  });

  it("--format sarif=FILE --format json=FILE2 writes both; two formats on stdout are refused", async () => {
    const sarifFile = join(work, "r.sarif");
    const jsonFile = join(work, "r.json");
    const r = await rootfs("--format", `sarif=${sarifFile}`, "--format", `json=${jsonFile}`);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(readFileSync(jsonFile, "utf8")) as ScanReport;
    const sarif = JSON.parse(readFileSync(sarifFile, "utf8")) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(ids(allFindings(json)), ids(baseline));
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0]!.results.length, baseline.length);
    assert.deepEqual(new Set(sarif.runs[0]!.results.map((x) => x.ruleId)), new Set(baseline.map((f) => f.id)));
    const two = await rootfs("--format", "json", "--format", "sarif");
    assert.equal(two.code, 2);
    assert.match(two.stderr, /only one format can go to stdout/);
  });

  it("an unknown format exits 2 listing the formats, and every listed format works", async () => {
    const r = await rootfs("--format", "nope");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"nope"/);
    const list = /is not one of (.+)/.exec(r.stderr)?.[1]?.split(/,\s*/) ?? [];
    for (const f of ["table", "json", "sarif", "cyclonedx"]) assert.ok(list.includes(f), `${f} listed: ${r.stderr}`);
    for (const f of list) {
      const file = join(work, `all.${f}`);
      const ok = await rootfs("--format", `${f}=${file}`);
      assert.equal(ok.code, 0, `${f}: ${ok.stderr}`);
      assert.ok(statSync(file).size > 0, f);
    }
  });

  it("--db pointing at a missing file exits 2 with a hint; the built one works", async () => {
    const missing = join(work, "missing.db");
    const r = await runCli(["rootfs", root, "--db", missing, "--format", "json", "--cache-dir", join(work, "cache")]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(missing), r.stderr);
    assert.match(r.stderr, /hint: .*dredge db build/);
    assert.equal(r.stdout, "");
    assert.equal((await rootfsJson()).code, 0);
  });
});

describe("scan ordering and grouping (bookworm image)", () => {
  it("--sort risk orders each target by riskScore, --sort package by package name", async () => {
    const risk = await image("--sort", "risk", "--format", "json");
    assert.equal(risk.code, 0, risk.stderr);
    const byRisk = (JSON.parse(risk.stdout) as ScanReport).targets.map((t) => t.vulnerabilities);
    assert.ok(new Set(byRisk.flat().map((f) => f.riskScore)).size > 1, "findings of different risk");
    for (const list of byRisk) {
      const scores = list.map((f) => f.riskScore ?? Number.NaN);
      for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1]! >= scores[i]!, `risk order: ${scores.join(", ")}`);
    }
    const pkg = await image("--sort", "package", "--format", "json");
    const byPkg = (JSON.parse(pkg.stdout) as ScanReport).targets.map((t) => t.vulnerabilities.map((f) => f.package.name));
    for (const names of byPkg) assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    assert.notDeepEqual(byRisk.map((l) => l.map((f) => f.package.name)), byPkg, "the two orders differ on this image");
  });

  it("--group-by layer shows each layer (numbered from 1, as inspect) with its createdBy; the default table has a compact Layer column", async () => {
    const json = await image("--format", "json");
    const report = JSON.parse(json.stdout) as ScanReport;
    const used = new Set(allFindings(report).map((f) => f.package.layer?.index));
    const layers = report.artifact.layers.filter((l) => used.has(l.index));
    assert.ok(layers.length > 0 && layers.every((l) => l.createdBy));
    const grouped = await image("--group-by", "layer");
    assert.equal(grouped.code, 0, grouped.stderr);
    for (const l of layers) {
      assert.ok(grouped.stdout.includes(`Layer ${l.index + 1} ${l.diffId}`), grouped.stdout);
      assert.ok(grouped.stdout.includes(l.createdBy!), `createdBy of layer ${l.index}`);
    }
    const plain = await image();
    assert.ok(!plain.stdout.includes("Created by:"), "the target table has no per-layer headings");
    assert.match(plain.stdout, /│ Layer +│/, "the target table has a Layer column");
    for (const l of layers) assert.ok(plain.stdout.includes(`│ ${l.index + 1}: `), `layer ${l.index + 1} in the Layer column`);
  });
});


describe("suppressions", () => {
  it("--ignorefile hides the listed ids and the gate passes", async () => {
    const lib = baseline.filter((f) => f.package.class === "library");
    const file = join(work, ".dredgeignore");
    writeFileSync(file, `${lib.map((f) => f.id).join("\n")}\n`);
    assert.equal((await rootfsJson("--pkg-types", "library", "--exit-code", "5")).code, 5);
    const r = await rootfsJson("--pkg-types", "library", "--exit-code", "5", "--ignorefile", file);
    assert.equal(r.code, 0);
    assert.deepEqual(r.findings.filter((f) => !f.suppressed).map((f) => f.id), []);
  });

  it("--vex not_affected suppresses that package's finding", async () => {
    const target = baseline.find((f) => f.package.name === "ajenti")!;
    const file = join(work, "ajenti.openvex.json");
    writeFileSync(file, JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/ajenti", author: "dredge tests",
      timestamp: "2026-01-01T00:00:00Z", version: 1,
      statements: [{ vulnerability: { name: target.id }, products: [{ "@id": target.package.purl }], status: "not_affected", justification: "vulnerable_code_not_in_execute_path" }],
    }));
    const r = await rootfsJson("--vex", file, "--show-suppressed");
    const hit = r.findings.find((f) => f.id === target.id && f.package.name === "ajenti");
    assert.equal(hit?.suppressed?.kind, "vex");
    const gate = await rootfsJson("--vex", file, "--exit-code", "5", "--pkg-types", "library", "--severity", target.severity);
    const others = baseline.filter((f) => f.package.class === "library" && f.severity === target.severity && f !== target);
    assert.equal(gate.code, others.length > 0 ? 5 : 0);
  });
});
