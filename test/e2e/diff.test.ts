/**
 * `dredge diff OLD NEW` through the real executable, on the test images and the fixture feeds:
 * - the bookworm image against a CycloneDX SBOM of it (written by `dredge sbom`) in which lodash is gone,
 *   requests is upgraded to the release that fixes its advisory and urllib3 1.26.4 is added: exactly those
 *   package changes, the vulnerabilities of the scans of each side that the other lacks, every format;
 * - a JSON report as a side (mixed kinds), with and without its package listing;
 * - two images of other contents (bookworm amd64 against the one-layer arm64 image): the generator's packages;
 * - the gate (--exit-code, --severity as a level), ignore files and the policy verdict before/after.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ImageDiff } from "../../src/diff/types.js";
import { severities, type ScanReport, type Severity } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { dredgeBin, type CliResult } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const img = testImages();
const amd64 = `oci:${img.oci}:bookworm`;
const arm64 = `oci:${img.oci}:bookworm-arm64`;
let work: string;
let db: string;
const path = (name: string) => join(work, name);

/** The built executable with the test's database and cache (scans of a loaded machine take a while: no 60 s limit). */
function dredge(args: readonly string[], scan = true): CliResult {
  const common = scan ? ["--db", db, "--skip-db-update", "--cache-dir", path("cache")] : [];
  const r = spawnSync(process.execPath, [dredgeBin, ...args, ...common], { encoding: "utf8", env: { PATH: process.env.PATH }, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(path(name), "utf8")) as T;
const findings = (r: ScanReport) => r.targets.flatMap((t) => t.vulnerabilities).filter((v) => !v.suppressed);
const keys = (r: ScanReport) => new Set(findings(r).map((v) => `${v.id} ${v.package.type}/${v.package.name}`));
const diffKeys = (list: ImageDiff["vulnerabilities"]["new"]) => list.map((v) => `${v.id} ${v.package.type}/${v.package.name}`).sort();
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k)).sort();

const lodash = () => img.expected.bookworm.npm.find((p) => p.name === "lodash")!;
const requests = () => img.expected.bookworm.python.find((p) => p.name === "requests")!;
const FIXED_REQUESTS = "2.31.0";

interface Component { name: string; version?: string; purl?: string; "bom-ref"?: string; type: string }

/** The SBOM of the bookworm image with lodash removed, requests upgraded and urllib3 added. */
function editedSbom(): void {
  const sbom = readJson<{ components: Component[]; dependencies?: { ref: string; dependsOn?: string[] }[] }>("bookworm.cdx.json");
  const gone = sbom.components.find((c) => c.purl?.startsWith("pkg:npm/lodash@"))!;
  sbom.components = sbom.components.filter((c) => c !== gone);
  sbom.dependencies = sbom.dependencies?.filter((d) => d.ref !== gone["bom-ref"]).map((d) => ({ ...d, dependsOn: d.dependsOn?.filter((x) => x !== gone["bom-ref"]) }));
  const req = sbom.components.find((c) => c.purl?.startsWith("pkg:pypi/requests@"))!;
  Object.assign(req, { version: FIXED_REQUESTS, purl: `pkg:pypi/requests@${FIXED_REQUESTS}` });
  sbom.components.push({ type: "library", "bom-ref": "pkg:pypi/urllib3@1.26.4", name: "urllib3", version: "1.26.4", purl: "pkg:pypi/urllib3@1.26.4" });
  writeFileSync(path("edited.cdx.json"), JSON.stringify(sbom));
}

let oldReport: ScanReport;
let newReport: ScanReport;
let main: CliResult;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-diff-"));
  db = await buildFixtureDb(work);
  const sbom = dredge(["sbom", amd64, "-o", path("bookworm.cdx.json"), "--cache-dir", path("cache")], false);
  assert.equal(sbom.code, 0, sbom.stderr);
  editedSbom();
  for (const [target, out] of [[amd64, "old.json"], [path("edited.cdx.json"), "new.json"]] as const) {
    const r = dredge(["image", target, "--scanners", "vuln", "--list-all-pkgs", "--format", `json=${path(out)}`]);
    assert.equal(r.code, 0, r.stderr);
  }
  oldReport = readJson("old.json");
  newReport = readJson("new.json");
  main = dredge(["diff", amd64, path("edited.cdx.json"), "--format", `json=${path("diff.json")}`, "--format", `markdown=${path("diff.md")}`, "--format", "table", "--exit-code", "5"]);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("dredge diff: an image against an edited SBOM of it", () => {
  it("json: valid against diff-v1.schema.json, each side's kind", () => {
    const d = readJson<ImageDiff>("diff.json");
    assert.deepEqual(schemaErrors(schemaValidator("dredge-diff"), d), []);
    assert.deepEqual([d.old.kind, d.new.kind], ["image", "sbom"]);
    assert.equal(d.old.name, amd64);
    assert.match(d.old.digest ?? "", /^sha256:[0-9a-f]{64}$/);
  });

  it("exactly the edited packages: lodash removed, requests changed, urllib3 added", () => {
    const d = readJson<ImageDiff>("diff.json");
    assert.deepEqual(d.packages.removed.map((p) => [p.type, p.name, p.versions]), [["npm", "lodash", [lodash().version]]]);
    assert.deepEqual(d.packages.changed.map((p) => [p.type, p.name, p.oldVersions, p.newVersions]), [["pypi", "requests", [requests().version], [FIXED_REQUESTS]]]);
    assert.deepEqual(d.packages.added.map((p) => [p.type, p.name, p.versions]), [["pypi", "urllib3", ["1.26.4"]]]);
    const listed = oldReport.targets.flatMap((t) => t.packages ?? []).length;
    assert.equal(d.summary.packages.unchanged, listed - 2);
  });

  it("vulnerabilities: NEW's scan findings OLD lacks, and the reverse; all of lodash's resolved, only urllib3's new", () => {
    const d = readJson<ImageDiff>("diff.json");
    assert.deepEqual(diffKeys(d.vulnerabilities.new), minus(keys(newReport), keys(oldReport)));
    assert.deepEqual(diffKeys(d.vulnerabilities.resolved), minus(keys(oldReport), keys(newReport)));
    const lodashFindings = findings(oldReport).filter((v) => v.package.name === "lodash");
    assert.ok(lodashFindings.length > 0, "lodash 4.17.15 has advisories in the fixture feeds");
    for (const v of lodashFindings) assert.ok(diffKeys(d.vulnerabilities.resolved).includes(`${v.id} npm/lodash`), v.id);
    assert.ok(d.vulnerabilities.new.length > 0);
    assert.ok(d.vulnerabilities.new.every((v) => v.package.name === "urllib3"));
    assert.equal(d.summary.vulnerabilities.unchanged, keys(newReport).size - d.vulnerabilities.new.length);
  });

  it("--exit-code when NEW has new findings (all severities by default)", () => {
    assert.equal(main.code, 5, main.stderr);
    assert.equal(readJson<ImageDiff>("diff.json").gate.newFindings, readJson<ImageDiff>("diff.json").vulnerabilities.new.length);
  });

  it("markdown: a heading, counts first (as in the JSON), collapsed lists", () => {
    const d = readJson<ImageDiff>("diff.json");
    const md = readFileSync(path("diff.md"), "utf8");
    const lines = md.split("\n");
    assert.match(lines[0]!, /^### Dredge diff: `oci:.*:bookworm` → `.*edited\.cdx\.json`$/);
    assert.match(lines[2]!, new RegExp(`^\\*\\*Vulnerabilities:\\*\\* ${d.vulnerabilities.new.length} new .*· ${d.vulnerabilities.resolved.length} resolved · ${d.summary.vulnerabilities.unchanged} unchanged<br>$`));
    assert.equal(lines[3], `**Packages:** 1 added · 1 removed · 1 changed · ${d.summary.packages.unchanged} unchanged`);
    assert.deepEqual(md.match(/<summary>[^<]*(<b>)?[A-Z][a-z]+ [a-z ]+\(\d+[^)]*\)/g)?.length, 3);
    assert.ok(md.includes(`| removed | lodash | npm | ${lodash().version} | — |`));
    assert.ok(md.includes(`| changed | requests | pypi | ${requests().version} | ${FIXED_REQUESTS} |`));
  });

  it("table on stdout: both sides, the counts, a section per list", () => {
    assert.match(main.stdout, /^OLD: oci:.*:bookworm \(image, debian 12, sha256:[0-9a-f]{12}\)\nNEW: .*edited\.cdx\.json \(sbom, debian 12[^)]*\)\n/);
    assert.match(main.stdout, /\nPackages: 1 added, 1 removed, 1 changed, \d+ unchanged\n/);
    for (const h of ["New vulnerabilities", "Resolved vulnerabilities", "Package changes (3)"]) assert.ok(main.stdout.includes(h), h);
    assert.ok(!main.stdout.includes("\x1b["), "no colour off a terminal");
  });
});

describe("dredge diff: the gate, suppressions, the policy", () => {
  const worst = (list: { severity: Severity }[]) => Math.min(...list.map((v) => severities.indexOf(v.severity)));

  it("--severity LEVEL gates on it and the levels above; none above the worst new finding: exit 0", () => {
    const back = findings(oldReport).filter((v) => v.package.name === "lodash");
    const level = severities[worst(back)]!;
    const fails = dredge(["diff", path("edited.cdx.json"), amd64, "--severity", level, "--exit-code", "6", "--format", "json"]);
    assert.equal(fails.code, 6, fails.stderr);
    const d = JSON.parse(fails.stdout) as ImageDiff;
    assert.deepEqual(d.gate.severities, severities.slice(0, severities.indexOf(level) + 1));
    assert.ok(d.vulnerabilities.new.every((v) => d.gate.severities.includes(v.severity)), "only the gate's severities are shown");
    const above = severities[worst(findings(oldReport)) - 1];
    if (above) assert.equal(dredge(["diff", path("edited.cdx.json"), amd64, "--severity", above, "--exit-code", "6", "--format", "json"]).code, 0);
  });

  it("an ignore file suppresses a finding on both sides: it is neither new nor resolved", () => {
    const ignored = findings(oldReport).find((v) => v.package.name === "lodash")!;
    writeFileSync(path("ignore"), `${ignored.id}\n`);
    const r = dredge(["diff", amd64, path("edited.cdx.json"), "--ignorefile", path("ignore"), "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as ImageDiff;
    assert.ok(!d.vulnerabilities.resolved.some((v) => v.id === ignored.id));
    assert.equal(d.vulnerabilities.resolved.length, readJson<ImageDiff>("diff.json").vulnerabilities.resolved.length - 1);
  });

  it("--policy: the verdict before and after; NEW failing it exits --policy-exit-code", () => {
    writeFileSync(path("policy.yaml"), "version: 1\nrules:\n  - { id: no-urllib3, gate: packages, trigger: deny, params: { name: urllib3 }, action: STOP }\n");
    const r = dredge(["diff", amd64, path("edited.cdx.json"), "--policy", path("policy.yaml"), "--policy-exit-code", "7", "--format", "json"]);
    assert.equal(r.code, 7, r.stderr);
    const d = JSON.parse(r.stdout) as ImageDiff;
    assert.deepEqual(d.summary.policy, { old: "GO", new: "STOP", changed: true });
    const md = dredge(["diff", amd64, path("edited.cdx.json"), "--policy", path("policy.yaml"), "--policy-exit-code", "0", "--format", "markdown"]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /\n\*\*Policy:\*\* GO → STOP\n/);
  });
});

describe("dredge diff: reports as sides, other images", () => {
  it("a JSON report (with its package listing) against the SBOM: the same differences as the image", () => {
    const r = dredge(["diff", path("old.json"), path("edited.cdx.json"), "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as ImageDiff;
    const fromImage = readJson<ImageDiff>("diff.json");
    assert.equal(d.old.kind, "report");
    assert.deepEqual(d.packages, fromImage.packages);
    assert.deepEqual(d.vulnerabilities, fromImage.vulnerabilities);
  });

  it("a report without a package listing: a warning that package changes are partial", () => {
    const r = dredge(["image", amd64, "--scanners", "vuln", "--format", `json=${path("bare.json")}`]);
    assert.equal(r.code, 0, r.stderr);
    const d = dredge(["diff", path("bare.json"), path("new.json"), "--format", "json"]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stderr, /OLD: the report lists only packages with findings/);
    const diff = JSON.parse(d.stdout) as ImageDiff;
    assert.equal(diff.old.packagesListed, false);
    assert.deepEqual(diffKeys(diff.vulnerabilities.resolved), diffKeys(readJson<ImageDiff>("diff.json").vulnerabilities.resolved));
  });

  it("two images of other contents: the generator's packages (amd64 with lockfiles and dist-info, arm64 debootstrap only)", () => {
    const r = dredge(["diff", amd64, arm64, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as ImageDiff;
    const b = img.expected.bookworm;
    const removed = new Set(d.packages.removed.map((p) => `${p.type}/${p.name}`));
    for (const p of [...b.npm.map((x) => `npm/${x.name}`), ...b.python.map((x) => `pypi/${x.name}`)]) assert.ok(removed.has(p), p);
    const debs = new Set(b.dpkg.map((p) => p.name));
    const debKeys = (list: { type: string; name: string }[]) => list.filter((p) => p.type === "deb");
    assert.ok(debKeys(d.packages.removed).every((p) => debs.has(p.name)), "removed debs are the amd64 image's");
    assert.equal(debKeys(d.packages.removed).length + debKeys(d.packages.changed).length + d.summary.packages.unchanged, debs.size);
    assert.equal(d.summary.packages.unchanged + debKeys(d.packages.changed).length + debKeys(d.packages.added).length, img.expected["bookworm-arm64"].dpkgCount);
    assert.equal(d.vulnerabilities.resolved.length, keys(oldReport).size);
    assert.equal(d.new.vulnerabilities, 0);
  });

  it("usage errors: a bad format, a missing file, a JSON file that is no report", () => {
    assert.equal(dredge(["diff", amd64, arm64, "--format", "sarif"], false).code, 2);
    writeFileSync(path("other.json"), JSON.stringify({ SchemaVersion: 2, Results: [] }));
    const r = dredge(["diff", path("other.json"), amd64]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /other\.json is not a Dredge JSON report/);
  });

  it("--help names the kinds, the formats and the gate", () => {
    const r = dredge(["diff", "--help"], false);
    assert.equal(r.code, 0);
    for (const s of ["<old>", "<new>", "table, json, markdown", "--exit-code", "--severity <level|list>", "--policy", "--ignorefile", "--vex", "--db", "--offline"]) assert.ok(r.stdout.includes(s), s);
  });
});
