/**
 * What a new user meets first, end to end through the CLI (issue #13): --sort in every human format, the
 * HTML/Markdown layer column and remediation, the base-image advice (name, tag, newer tags when the
 * registry answers) and the labels (what was scanned, target headings, licence rows).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { startBaseRegistry } from "../helpers/base-registry.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import type { TestServer } from "../helpers/registry-proxy.js";
import { buildAlmaRootfs } from "./alma-rootfs.js";
import { allFindings, buildFixtureDb } from "./fixture-db.js";

let work: string;
let db: string;

const image = (...extra: string[]) => runCli(["image", testImages().ociArchive, "--db", db, "--cache-dir", join(work, "cache"), ...extra]);
const read = (name: string) => readFileSync(join(work, name), "utf8");
const ID = /^(CVE|GHSA|PYSEC)-[\w-]+$/;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-human-reports-"));
  db = await buildFixtureDb(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Vulnerability ids in the order each human format lists them. */
const order = {
  table: (out: string) => out.split("\n").map((l) => l.split("│")[2]?.trim() ?? "").filter((c) => ID.test(c)),
  markdown: (out: string) => out.split("\n").flatMap((l) => /^\| [^|]+ \| \[([^\]]+)\]/.exec(l)?.[1] ?? []),
  html: (out: string) => [...out.matchAll(/<tr [^>]*data-kind="vulnerability"[^>]*>(?:<td[^>]*>.*?<\/td>){3}<td><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!),
  github: (out: string) => [...out.matchAll(/title=((?:CVE|GHSA|PYSEC)-[\w-]+)/g)].map((m) => m[1]!),
};

describe("--sort in every human format (bookworm image)", () => {
  for (const sort of ["package", "risk"]) {
    it(`--sort ${sort}: table, markdown, html and github list the vulnerabilities in the JSON report's order`, async () => {
      const files = ["json", "markdown", "html", "github"].map((f) => `${f}=${join(work, `${sort}.${f}`)}`);
      const r = await image("--sort", sort, ...files.flatMap((f) => ["--format", f]), "--format", "table");
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(read(`${sort}.json`)) as ScanReport;
      assert.equal(report.sortedBy, sort);
      const want = allFindings(report).map((f) => f.id);
      if (sort === "package") assert.notDeepEqual(want, bySeverity(report.targets.map((t) => t.vulnerabilities)), "the package order is not the severity order here");
      assert.deepEqual(order.table(r.stdout), want, "table");
      assert.deepEqual(order.markdown(read(`${sort}.markdown`)), want, "markdown");
      assert.deepEqual(order.html(read(`${sort}.html`)), want, "html");
      assert.deepEqual(order.github(read(`${sort}.github`)), want, "github");
    });
  }

  it("--sort risk --group-by layer: a layer's rows from several targets in risk order (an UNKNOWN above a LOW)", async () => {
    const r = await image("--sort", "risk", "--group-by", "layer", "--format", "table", "--format", `json=${join(work, "layer.json")}`);
    assert.equal(r.code, 0, r.stderr);
    const all = allFindings(JSON.parse(read("layer.json")) as ScanReport);
    assert.equal(new Set(all.map((f) => f.package.layer?.index)).size, 1, "one layer brings them all");
    const want = [...all].sort((a, b) => b.riskScore! - a.riskScore! || a.package.name.localeCompare(b.package.name) || a.id.localeCompare(b.id)).map((f) => f.id);
    assert.notDeepEqual(want, bySeverity([all]), "the risk order is not the severity order here");
    assert.deepEqual(r.stdout.split("\n").map((l) => l.split("│")[3]?.trim() ?? "").filter((c) => ID.test(c)), want);
  });
});

/** Ids by severity, most severe first, then package and id (the default order), list by list. */
const bySeverity = (lists: VulnerabilityFinding[][]): string[] =>
  lists.flatMap((l) => [...l].sort((a, b) => rank(a.severity) - rank(b.severity) || a.package.name.localeCompare(b.package.name) || a.id.localeCompare(b.id)).map((f) => f.id));

describe("HTML and Markdown: layer per vulnerability and the remediation section (bookworm image)", () => {
  it("each vulnerability row names its layer (numbered from 1) and instruction; both end with the table's remediation", async () => {
    const r = await image("--format", `html=${join(work, "r.html")}`, "--format", `markdown=${join(work, "r.md")}`, "--format", `json=${join(work, "r.json")}`);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(read("r.json")) as ScanReport;
    const html = read("r.html");
    const md = read("r.md");
    assert.match(html, /<th scope="col">Layer<\/th><th scope="col">Title<\/th>/);
    for (const f of allFindings(report)) {
      const layer = `${f.package.layer!.index + 1}: apt-get install curl`;
      const row = html.split("\n").find((l) => l.includes(`>${f.id}</a>`))!;
      assert.match(row, new RegExp(`<td class="layer"[^>]*>${layer}`), `${f.id} html`);
      assert.match(md.split("\n").find((l) => l.includes(`[${f.id}]`))!, new RegExp(`\\| ${layer}[^|]* \\| [^|]+ \\|$`), `${f.id} markdown`);
    }
    const upgrades = report.remediation!.packages;
    assert.ok(upgrades.length > 0);
    const section = /<section id="remediation">(.*?)<\/section>/s.exec(html)?.[1] ?? "";
    for (const p of upgrades) {
      assert.ok(section.includes(`upgrade <b>${p.name}</b> from ${p.installed} to <b>${p.upgradeTo}</b> (fixes ${p.fixes})`), section);
      assert.ok(md.includes(`- upgrade **${p.name}** from ${p.installed} to **${p.upgradeTo}** (fixes ${p.fixes})`), md);
    }
    assert.match(md, /### Remediation\n/);
  });
});

describe("base-image advice: the image, its tag, newer tags of its line when the registry answers", () => {
  let registry: TestServer;
  const tags = ["12.4-slim", "12.5-slim", "12.6-slim", "12.10-slim", "12.6", "13.0-slim", "bookworm-slim", "latest"];
  before(async () => {
    // the base image: bookworm's first two layers, which bring every vulnerable package of the image
    registry = await startBaseRegistry({ repositories: ["library/debian", "library/debian-notags"], tags, layers: 2, noTagList: ["library/debian-notags"] });
  });
  after(() => registry.close());

  const advised = async (repo: string, ...extra: string[]) => {
    const r = await image("--base-image", `${registry.host}/${repo}:12.5-slim`, "--format", `json=${join(work, "base.json")}`, "--format", "table", ...extra);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(read("base.json")) as ScanReport;
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), json), [], "the JSON report (sortedBy, remediation.base) fits its schema");
    return { table: r.stdout, base: json.remediation!.base! };
  };

  it("names the base image and its tag, and the newest tag of the same line its registry lists", async () => {
    const { table, base } = await advised("library/debian");
    const name = `${registry.host}/library/debian`;
    assert.deepEqual([base.image, base.tag, base.newerTags], [name, "12.5-slim", ["12.10-slim", "12.6-slim"]]);
    assert.ok(base.fixableInBase > 0);
    assert.ok(table.includes(`${base.fixableInBase} fixable finding(s) come from the base image ${name}:12.5-slim: rebuild on ${name}:12.10-slim, the newest tag of the same line in ${registry.host}`), table);
    assert.ok(!/newer the base image/.test(table));
  });

  it("with --offline the base image's registry is not asked anything (only the target may be pulled), and the scan says so", async () => {
    const before = registry.requests.length;
    const r = await image("--base-image", `${registry.host}/library/debian:12.5-slim`, "--format", `json=${join(work, "offline.json")}`, "--offline");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(registry.requests.length, before, "no request reached the base image's registry");
    assert.match(r.stderr, /--offline: the base image \S+ is in a registry and was not looked up; base-image advice skipped/);
    const json = JSON.parse(read("offline.json")) as ScanReport;
    assert.equal(json.remediation?.base, undefined);
  });

  it("a registry that does not list the tags only makes the advice say so; the scan succeeds", async () => {
    const { table, base } = await advised("library/debian-notags");
    assert.equal(base.newerTags, undefined);
    assert.match(base.tagLookup ?? "", /did not list the tags \(.*HTTP 404/);
    assert.match(table, /rebuild on a newer tag of \S+\/library\/debian-notags than 12\.5-slim \(newer tags not looked up: its registry did not list the tags/);
  });
});

describe("labels: what was scanned, target headings, licence rows", () => {
  it("dredge config and dredge rootfs name a Path and a Directory, not an Image", async () => {
    const dir = join(work, "project");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "Dockerfile"), "FROM debian:latest\nUSER root\n");
    const config = await runCli(["config", dir]);
    assert.ok(config.stdout.startsWith(`Path: ${dir}\n`), config.stdout);
    const fs = await runCli(["fs", dir, "--scanners", "secret", "--cache-dir", join(work, "cache")]);
    assert.ok(fs.stdout.startsWith(`Path: ${dir}\n`), fs.stdout);
    const root = buildAlmaRootfs(join(work, "alma"), [{ name: "openssl-libs", epoch: 1, version: "3.0.7", release: "16.el9_2", vendor: "AlmaLinux" }]);
    const rootfs = await runCli(["rootfs", root, "--db", db, "--cache-dir", join(work, "cache")]);
    assert.equal(rootfs.code, 0, rootfs.stderr);
    assert.ok(rootfs.stdout.startsWith(`Directory: ${root}\n`), rootfs.stdout);
    // the OS target's heading says its distribution once: `ROOT (alma 9.0)`, not `ROOT (alma 9.0) (alma)`
    const heading = rootfs.stdout.split("\n").find((l) => l.startsWith(`${root} (`));
    assert.match(heading ?? "", /^\S+ \(alma [\d.]+\)$/, rootfs.stdout);
  });

  it("licence findings of OS packages name the package and version, not the package database; no doubled heading", async () => {
    const r = await image("--scanners", "license", "--format", "table", "--format", `markdown=${join(work, "lic.md")}`, "--format", `json=${join(work, "lic.json")}`);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(read("lic.json")) as ScanReport;
    const lic = report.targets.flatMap((t) => t.licenses).find((l) => l.package?.class === "os")!;
    assert.ok(lic, "the bookworm image has OS package licence findings");
    assert.match(r.stdout, /^licenses\n=+\n/m);
    assert.ok(!/licenses \(license\)|\(license\) licenses/.test(r.stdout + read("lic.md")), "no doubled words");
    assert.ok(!r.stdout.includes("/var/lib/dpkg/status"), "the dpkg database is no licence's path");
    assert.ok(r.stdout.split("\n").some((l) => l.startsWith(`│ ${lic.package!.name} ${lic.package!.version} `)), "the package and its version");
    assert.ok(read("lic.md").split("\n").some((l) => l.startsWith("| license |") && l.includes(` | ${lic.package!.name} ${lic.package!.version} | `)), "markdown too");
  });
});

function rank(s: string): number {
  return ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NEGLIGIBLE", "UNKNOWN"].indexOf(s);
}
