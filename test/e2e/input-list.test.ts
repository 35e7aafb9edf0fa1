/**
 * `dredge image --input-list FILE` end to end on the real test images and the fixture feeds: one run, one
 * report in every format holding each listed image in the list's order, a listed Dockerfile's
 * misconfigurations on its image, one exit code (findings of every image at --exit-code; a policy STOP of
 * any image at --policy-exit-code), `-` for stdin, and usage errors for bad lists.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import type { ScanReport } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator, xmlProblem } from "../../src/report/testing.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const img = testImages();
let work: string;
let db: string;
let list: string;
let dockerfile: string;
let run: CliResult;
const files: Record<string, string> = {};
const formats = ["json", "sarif", "junit", "gitlab", "gitlab-dependency-scanning", "gitlab-secret-detection", "markdown"] as const;
const read = (f: string) => readFileSync(files[f]!, "utf8");
const reports = () => (JSON.parse(read("json")) as { reports: ScanReport[] }).reports;
const live = (r: ScanReport) => r.targets.flatMap((t) => t.vulnerabilities).filter((v) => !v.suppressed).length;
const base = () => ["--db", db, "--skip-db-update", "--cache-dir", join(work, "cache")];

async function runWithStdin(args: string[], input: string): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const code = await main(["node", "dredge", ...args], { stdout, stderr, stdin, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-list-"));
  db = await buildFixtureDb(work);
  dockerfile = join(work, "Dockerfile");
  writeFileSync(dockerfile, "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nADD https://example.com/x.tgz /opt/\n");
  list = join(work, "anchore_images");
  writeFileSync(list, [
    "# images of this build, as Jenkins' anchore_images",
    `${img.ociArchive}   ${dockerfile}`,
    "",
    `${img.dockerArchive}`,
    `   ${img.rpmDockerArchive}   # the rpm image`,
    "",
  ].join("\n"));
  const args = ["image", "--input-list", list, "--parallel", "2", ...base(), "--scanners", "vuln,misconfig", "--list-all-pkgs", "--exit-code", "3"];
  for (const f of formats) {
    files[f] = join(work, `report.${f}`);
    args.push("--format", `${f}=${files[f]}`);
  }
  run = await runCli([...args, "--format", "table"]);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("dredge image --input-list", () => {
  it("one JSON document (reports-v1) with each listed image, in the list's order, its packages all there", () => {
    assert.deepEqual(schemaErrors(schemaValidator("dredge-reports"), JSON.parse(read("json"))), []);
    const rs = reports();
    assert.deepEqual(rs.map((r) => r.artifact.name), [img.ociArchive, img.dockerArchive, img.rpmDockerArchive]);
    const count = (r: ScanReport, type: string) => r.targets.flatMap((t) => t.packages ?? []).filter((p) => p.type === type).length;
    assert.equal(count(rs[0]!, "deb"), img.expected.bookworm.dpkg.length);
    assert.equal(count(rs[1]!, "deb"), img.expected.bookworm.dpkg.length);
    assert.equal(count(rs[2]!, "rpm"), img.expected["rocky9-rpm"].rpm.length);
  });

  it("a listed Dockerfile's misconfigurations (as `dredge config` finds them) go with its image only", async () => {
    const config = await runCli(["config", dockerfile, "--format", "json"]);
    const expected = (JSON.parse(config.stdout) as ScanReport).targets.flatMap((t) => t.misconfigurations.map((m) => m.id)).sort();
    assert.ok(expected.length > 0, "the Dockerfile has misconfigurations");
    const ids = (r: ScanReport) => r.targets.flatMap((t) => t.misconfigurations.filter((m) => m.location?.path?.endsWith("Dockerfile")).map((m) => m.id)).sort();
    const [withFile, without] = reports();
    assert.deepEqual(ids(withFile!), expected);
    assert.deepEqual(ids(without!), []);
  });

  it("one exit code: --exit-code when any image has findings left", () => {
    const total = reports().reduce((n, r) => n + live(r), 0);
    assert.ok(total > 0, run.stderr);
    assert.equal(run.code, 3, run.stderr);
  });

  it("every format carries every image: SARIF (valid, a run per image), JUnit, Markdown, the table", () => {
    const sarif = JSON.parse(read("sarif")) as { runs: unknown[] };
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), sarif), []);
    assert.equal(sarif.runs.length, 3);
    const junit = read("junit");
    assert.equal(xmlProblem(junit), undefined);
    for (const name of [img.ociArchive, img.dockerArchive, img.rpmDockerArchive]) {
      assert.ok(junit.includes(name), `junit names ${name}`);
      assert.ok(read("markdown").includes(name), `markdown names ${name}`);
      assert.ok(run.stdout.includes(name), `the table names ${name}`);
    }
  });

  it("the GitLab reports of the run validate against GitLab's own schemas (15.0.7) and hold every image's findings", () => {
    const checks = [["gitlab", "gitlab-container-scanning"], ["gitlab-dependency-scanning", "gitlab-dependency-scanning"], ["gitlab-secret-detection", "gitlab-secret-detection"]] as const;
    for (const [format, schema] of checks) assert.deepEqual(schemaErrors(schemaValidator(schema), JSON.parse(read(format))), [], format);
    const container = JSON.parse(read("gitlab")) as { vulnerabilities: { location: { image: string } }[] };
    const imagesWithFindings = [...new Set(reports().filter((r) => live(r) > 0).map((r) => r.artifact.repoTags[0] ?? r.artifact.name))].sort();
    assert.deepEqual([...new Set(container.vulnerabilities.map((v) => v.location.image))].sort(), imagesWithFindings);
    const lang = reports().reduce((n, r) => n + r.targets.filter((t) => t.class === "lang-pkgs").flatMap((t) => t.vulnerabilities).filter((v) => !v.suppressed).length, 0);
    assert.equal((JSON.parse(read("gitlab-dependency-scanning")) as { vulnerabilities: unknown[] }).vulnerabilities.length, lang);
  });

  it("`-` reads the list from stdin", async () => {
    const out = join(work, "stdin.json");
    const r = await runWithStdin(["image", "--input-list", "-", ...base(), "--scanners", "vuln", "--format", `json=${out}`], `${img.rpmDockerArchive}\n${img.ociArchive}\n`);
    assert.equal(r.code, 0, r.stderr);
    const rs = (JSON.parse(readFileSync(out, "utf8")) as { reports: ScanReport[] }).reports;
    assert.deepEqual(rs.map((x) => x.artifact.name), [img.rpmDockerArchive, img.ociArchive]);
  });

  it("a policy STOP of any one image fails the run with --policy-exit-code", async () => {
    const rpm = img.expected["rocky9-rpm"].rpm[0]!;
    const policy = join(work, "policy.yaml");
    writeFileSync(policy, `version: 1\nrules:\n  - { id: deny, gate: packages, trigger: deny, params: { name: ${rpm.name} }, action: STOP }\n`);
    const out = join(work, "policy.json");
    const short = join(work, "short-list");
    writeFileSync(short, `${img.ociArchive}\n${img.rpmDockerArchive}\n`);
    const r = await runCli(["image", "--input-list", short, ...base(), "--scanners", "vuln", "--policy", policy, "--policy-exit-code", "7", "--format", `json=${out}`]);
    assert.equal(r.code, 7, r.stderr);
    const rs = (JSON.parse(readFileSync(out, "utf8")) as { reports: ScanReport[] }).reports;
    assert.deepEqual(rs.map((x) => x.policy?.finalAction), ["GO", "STOP"]);
  });

  it("usage errors: a target and a list, a missing list, a line of three fields, --parallel without a list", async () => {
    const bad = join(work, "bad-list");
    writeFileSync(bad, `${img.ociArchive}\n${img.ociArchive} Dockerfile extra\n`);
    for (const args of [
      ["image", img.ociArchive, "--input-list", list],
      ["image", "--input-list", join(work, "absent")],
      ["image", "--input-list", bad],
      ["image", img.ociArchive, "--parallel", "2"],
      ["image", "--input-list", list, "--parallel", "0"],
    ]) {
      const r = await runCli([...args, ...base()]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    }
    const r = await runCli(["image", "--input-list", bad, ...base()]);
    assert.match(r.stderr, /bad-list:2/);
  });
});
