/**
 * The CI integrations (docs/ci.md), which cannot run here as in CI: their structure (YAML), every `dredge`
 * command line in them against the CLI's commander program, and the GitHub Action's step script run for real
 * (the built CLI, fixture database, real test image) in a fake GitHub environment: outputs, job summary, SARIF
 * and exit code.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import type { ScanReport } from "../../src/model/finding.js";
import { reportFormats } from "../../src/report/registry.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { dredgeBin } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { cliProblems, shellWords } from "../helpers/workflows.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const root = resolve(import.meta.dirname, "../..");
const text = (file: string) => readFileSync(join(root, file), "utf8");
const yaml = <T>(file: string) => parseYaml(text(file)) as T;
/** A `dredge …` command line's arguments after `dredge`, words as the shell splits them. */
const argvOf = (line: string, vars: Record<string, string> = {}) => shellWords(line.replace(/^.*?\bdredge\s+/, ""), vars);

interface ActionStep { name: string; id?: string; uses?: string; run?: string; shell?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> }
interface Action { name: string; inputs: Record<string, { description: string; default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: ActionStep[] } }

describe("GitHub Action (action.yml): structure", () => {
  const action = yaml<Action>("action.yml");
  it("a composite action with the inputs of docs/ci.md, each described", () => {
    assert.equal(action.runs.using, "composite");
    for (const input of ["image", "path", "scan-type", "severity", "exit-code", "format", "policy", "db-repository", "upload-sarif"]) {
      assert.ok(action.inputs[input]?.description, input);
    }
  });
  it("every ${{ inputs.X }} and ${{ steps.Y.outputs.Z }} it uses exists; run steps name a shell", () => {
    const all = text("action.yml");
    for (const m of all.matchAll(/inputs\.([a-z-]+)/g)) assert.ok(action.inputs[m[1]!], `input ${m[1]}`);
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of all.matchAll(/steps\.([a-z-]+)\.outputs/g)) assert.ok(ids.has(m[1]!), `step ${m[1]}`);
    for (const s of action.runs.steps) if (s.run) assert.equal(s.shell, "bash", s.name);
  });
  it("caches the database under the key step's key, uploads SARIF only when asked, installs dredge", () => {
    const steps = action.runs.steps;
    const cache = steps.find((s) => s.uses?.startsWith("actions/cache@"))!;
    assert.match(cache.with!.key!, /steps\.key\.outputs\.key/);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    assert.match(upload.if!, /inputs\.upload-sarif == 'true'/);
    assert.match(upload.with!.sarif_file!, /steps\.scan\.outputs\.sarif/);
    assert.ok(steps.some((s) => s.run?.includes("npm install --global")));
    // every INPUT_ variable the script reads is passed by a step
    const passed = new Set(steps.flatMap((s) => Object.keys(s.env ?? {})));
    for (const m of text("ci/github/action.sh").matchAll(/\$\{(INPUT_[A-Z_]+)/g)) assert.ok(passed.has(m[1]!), m[1]);
  });
});

describe("GitHub Action: ci/github/action.sh in a fake GitHub environment", () => {
  const img = testImages();
  let work: string;
  let wrapper: string;
  let db: string;
  before(async () => {
    assert.ok(existsSync(join(root, "dist/cli/main.js")), "npm run build first");
    work = mkdtempSync(join(tmpdir(), "dredge-action-"));
    db = await buildFixtureDb(work);
    wrapper = join(work, "dredge");
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${dredgeBin}" "$@"\n`);
    chmodSync(wrapper, 0o755);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  function runStep(step: string, inputs: Record<string, string>, name: string) {
    const dir = join(work, name);
    const github = { GITHUB_OUTPUT: join(work, `${name}.output`), GITHUB_STEP_SUMMARY: join(work, `${name}.summary`) };
    writeFileSync(github.GITHUB_OUTPUT, "");
    writeFileSync(github.GITHUB_STEP_SUMMARY, "# earlier step\n");
    const env = { PATH: process.env.PATH, HOME: work, RUNNER_TEMP: work, DREDGE: wrapper, DREDGE_OUTPUT_DIR: dir, DREDGE_DB: db, DREDGE_CACHE_DIR: join(work, "cache"), ...github, ...inputs };
    const r = spawnSync("bash", [join(root, "ci/github/action.sh"), step], { env, encoding: "utf8", timeout: 300_000 });
    const outputs = Object.fromEntries(readFileSync(github.GITHUB_OUTPUT, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    return { code: r.status, stderr: r.stderr, outputs, summary: readFileSync(github.GITHUB_STEP_SUMMARY, "utf8"), dir };
  }

  it("key: one cache key per database repository and day", () => {
    const r = runStep("key", { INPUT_DB_REPOSITORY: "ghcr.io/acme/db:2" }, "key");
    assert.equal(r.code, 0, r.stderr);
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(r.outputs.key, `dredge-db-ghcr.io_acme_db_2-${day}`);
    assert.ok(r.outputs.key!.startsWith(r.outputs.prefix!));
  });

  it("scan: exit code from --exit-code, outputs, the Markdown report appended to the summary, valid SARIF", () => {
    const r = runStep("scan", { INPUT_IMAGE: img.ociArchive, INPUT_SCAN_TYPE: "image", INPUT_EXIT_CODE: "5", INPUT_FORMAT: "" }, "scan");
    const report = JSON.parse(readFileSync(r.outputs.json!, "utf8")) as ScanReport;
    const findings = report.targets.flatMap((t) => [...t.vulnerabilities, ...t.misconfigurations, ...t.secrets]).filter((f) => !f.suppressed).length;
    assert.ok(findings > 0, "the bookworm image has findings in the fixture feeds");
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.outputs["exit-code"], "5");
    assert.equal(r.outputs.findings, String(findings));
    assert.ok(r.summary.startsWith("# earlier step\n"), "appended, not overwritten");
    assert.ok(r.summary.includes(readFileSync(r.outputs.markdown!, "utf8")), "the Markdown report is in the summary");
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), JSON.parse(readFileSync(r.outputs.sarif!, "utf8"))), []);
  });

  it("scan: exit-code 0 passes; a severity filter and an extra format are applied", () => {
    const junit = join(work, "extra.xml");
    const r = runStep("scan", { INPUT_IMAGE: img.ociArchive, INPUT_EXIT_CODE: "0", INPUT_SEVERITY: "CRITICAL", INPUT_FORMAT: `junit=${junit}` }, "pass");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.outputs["exit-code"], "0");
    assert.ok(existsSync(junit));
    const report = JSON.parse(readFileSync(r.outputs.json!, "utf8")) as ScanReport;
    assert.ok(report.targets.flatMap((t) => t.vulnerabilities).every((v) => v.severity === "CRITICAL"));
  });

  it("scan: a bad scan-type or a missing image is a usage error (2)", () => {
    assert.equal(runStep("scan", { INPUT_SCAN_TYPE: "nope", INPUT_IMAGE: "x" }, "bad").code, 2);
    assert.equal(runStep("scan", { INPUT_SCAN_TYPE: "image" }, "missing").code, 2);
  });
});

describe("GitLab template (ci/gitlab/dredge.gitlab-ci.yml)", () => {
  interface GitlabJob { script: string[]; artifacts: { reports: Record<string, string>; when: string } }
  const doc = yaml<Record<string, GitlabJob>>("ci/gitlab/dredge.gitlab-ci.yml");
  const job = doc.dredge_scan!;
  it("declares the three report artifacts, each written by a --format of the dredge command", () => {
    assert.deepEqual(Object.keys(job.artifacts.reports).sort(), ["container_scanning", "dependency_scanning", "secret_detection"]);
    assert.equal(job.artifacts.when, "always");
    const line = job.script.find((s) => s.includes("dredge image"))!;
    const argv = argvOf(line.replace(/\$\{DREDGE_POLICY:\+[^}]*\}/, ""), { DREDGE_IMAGE: "registry.example.com/app:1", DREDGE_SEVERITY: "HIGH", DREDGE_EXIT_CODE: "0" });
    assert.deepEqual(cliProblems(argv), []);
    const written = new Map(argv.flatMap((a, i) => (argv[i - 1] === "--format" && a.includes("=") ? [a.split("=") as [string, string]] : [])).map(([f, file]) => [file, f]));
    const formatOf: Record<string, string> = { container_scanning: "gitlab", dependency_scanning: "gitlab-dependency-scanning", secret_detection: "gitlab-secret-detection" };
    for (const [type, file] of Object.entries(job.artifacts.reports)) {
      assert.equal(written.get(file), formatOf[type], type);
      assert.ok(reportFormats.includes(formatOf[type]!));
    }
  });
});

describe("Jenkins example (ci/jenkins/Jenkinsfile)", () => {
  const jenkinsfile = text("ci/jenkins/Jenkinsfile");
  it("scans the anchore_images list with --input-list and publishes the JUnit report it writes", () => {
    const line = /sh '(dredge image [^']*)'/.exec(jenkinsfile)![1]!;
    const argv = argvOf(line);
    assert.deepEqual(cliProblems(argv), []);
    assert.equal(argv[argv.indexOf("--input-list") + 1], "anchore_images");
    const junit = argv.find((a) => a.startsWith("junit="))!.slice("junit=".length);
    assert.match(jenkinsfile, new RegExp(`junit testResults: '${junit.replace(".", "\\.")}'`));
    assert.match(jenkinsfile, /> anchore_images/, "the list is written by the build stage");
    assert.ok(jenkinsfile.indexOf("stage('Scan')") < jenkinsfile.indexOf("stage('Push')"), "push only after the scan");
  });
});

describe("pre-commit hooks (.pre-commit-hooks.yaml)", () => {
  interface Hook { id: string; name: string; entry: string; language: string; pass_filenames?: boolean; files?: string }
  const hooks = yaml<Hook[]>(".pre-commit-hooks.yaml");
  it("dredge-fs and dredge-config, each a valid dredge command line", () => {
    assert.deepEqual(hooks.map((h) => h.id), ["dredge-fs", "dredge-config"]);
    for (const h of hooks) {
      assert.ok(h.name && h.language === "node", h.id);
      assert.equal(h.pass_filenames, false, h.id);
      assert.deepEqual(cliProblems(argvOf(h.entry)), [], h.id);
    }
    assert.match(hooks[0]!.entry, /^dredge fs /);
    assert.match(hooks[1]!.entry, /^dredge config /);
    const files = new RegExp(hooks[1]!.files!);
    for (const f of ["Dockerfile", "app/Dockerfile", "k8s/deploy.yaml"]) assert.ok(files.test(f), f);
    assert.ok(!files.test("src/main.ts"));
  });
});
