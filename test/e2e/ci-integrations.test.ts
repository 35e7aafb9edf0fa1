/**
 * The CI integrations (docs/ci.md), which cannot run here as in CI: their structure (YAML), every `dredge`
 * command line in them against the CLI's commander program, and the GitHub Action's step script run for real
 * (the built CLI, fixture database, real test image) in a fake GitHub environment: outputs, job summary, SARIF
 * and exit code.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { convertActionTemplate, parseAction } from "@actions/workflow-parser/actions/index";
import { parse as parseYaml } from "yaml";
import type { ImageDiff } from "../../src/diff/types.js";
import type { ScanReport } from "../../src/model/finding.js";
import { reportFormats } from "../../src/report/registry.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { dredgeBin } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { cliProblems, shellWords } from "../helpers/workflows.js";
import { buildDatabase } from "../../src/db/build.js";
import { pushDatabase } from "../../src/db/distribution/index.js";
import { silentLogger } from "../../src/util/log.js";
import { startRegistry } from "../helpers/registry.js";
import { buildFixtureDb, feeds } from "../scan/fixture-db.js";

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

describe("GitHub Action and the example workflow: @actions/workflow-parser (GitHub's schemas)", () => {
  it("action.yml is a valid action for GitHub's action schema, with every input and output", async () => {
    const parsed = parseAction({ name: "action.yml", content: text("action.yml") }, new NoOperationTraceWriter());
    assert.deepEqual(parsed.context.errors.getErrors().map((e) => e.message), []);
    const template = await convertActionTemplate(parsed.context, parsed.value!);
    assert.equal(template.runs.using, "composite");
    assert.deepEqual(template.inputs?.map((i) => i.id).sort(), Object.keys(yaml<Action>("action.yml").inputs).sort());
    for (const input of ["base-image", "pr-comment", "github-token"]) assert.ok(template.inputs?.some((i) => i.id === input && i.description), input);
    for (const output of ["new-findings", "diff", "comment-url"]) assert.ok(template.outputs?.some((o) => o.id === output), output);
  });

  it("the schema check can fail: a run step without a shell, an unknown key", () => {
    const bad = "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n  bogus: 1\n";
    const parsed = parseAction({ name: "bad.yml", content: bad }, new NoOperationTraceWriter());
    assert.equal(parsed.context.errors.getErrors().length, 2);
  });

  it("ci/github/pull-request.yml is a valid workflow whose action step uses only the action's inputs", async () => {
    const content = text("ci/github/pull-request.yml");
    const parsed = parseWorkflow({ name: "pull-request.yml", content }, new NoOperationTraceWriter());
    assert.deepEqual(parsed.context.errors.getErrors().map((e) => e.message), []);
    assert.equal((await convertWorkflowTemplate(parsed.context, parsed.value!)).errors, undefined);
    const wf = parseYaml(content) as { permissions: Record<string, string>; jobs: Record<string, { steps: ActionStep[] }> };
    const step = Object.values(wf.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith("dredge-scanner/dredge@"))!;
    const inputs = yaml<Action>("action.yml").inputs;
    for (const key of Object.keys(step.with ?? {})) assert.ok(inputs[key], `input ${key}`);
    assert.ok(step.with?.["base-image"], "the example compares with a base image");
    assert.equal(wf.permissions["pull-requests"], "write");
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
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(github.GITHUB_STEP_SUMMARY, "utf8"), dir };
  }

  it("key: by the database's version (manifest digest): kept while the tag names the same database, new when it changes", async () => {
    const reg = await startRegistry();
    try {
      const repo = `${reg.host}/acme/dredge-db:2`;
      const push = (file: string) => pushDatabase({ file, reference: repo, workDir: work, logger: silentLogger });
      const key = (name: string, repository = repo) => {
        const r = runStep("key", { INPUT_DB_REPOSITORY: repository }, name);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(r.outputs.key!.startsWith(r.outputs.prefix!), "the restore prefix is the key's");
        return r.outputs;
      };
      const first = await push(db);
      const a = key("key-a");
      assert.equal(a.digest, first.digest);
      assert.ok(a.key!.endsWith(first.digest.replace(":", "_")), a.key);
      assert.equal(key("key-b").key, a.key, "same database, same key");
      // A new database under the same tag (fewer sources: other content, so another digest).
      const next = join(work, "next.db");
      await buildDatabase({ output: next, logger: silentLogger, sources: [{ name: "kev", location: join(feeds, "cisa-kev/known_exploited_vulnerabilities.json") }] });
      const second = await push(next);
      assert.notEqual(second.digest, first.digest);
      const c = key("key-c");
      assert.equal(c.digest, second.digest);
      assert.notEqual(c.key, a.key, "a new database, a new key");
      assert.equal(c.prefix, a.prefix, "restore-keys still finds the previous database");
      assert.notEqual(key("key-d", `${reg.host}/other/dredge-db:2`).prefix, a.prefix, "another repository, another prefix");
    } finally {
      await reg.stop();
    }
  });

  it("key: a repository that cannot be asked falls back to one key a day, with a warning", () => {
    const r = runStep("key", { INPUT_DB_REPOSITORY: "127.0.0.1:1/acme/db:2" }, "key-day");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.outputs.key, `${r.outputs.prefix}day-${new Date().toISOString().slice(0, 10)}`);
    assert.equal(r.outputs.prefix, "dredge-db-127.0.0.1_1_acme_db_2-");
    assert.match(r.stdout, /^::warning::could not look up the database version at 127\.0\.0\.1:1\/acme\/db:2/m);
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

  /** The step script run asynchronously (the loopback API answers from this process meanwhile). */
  async function runStepAsync(step: string, vars: Record<string, string>, name: string) {
    const github = { GITHUB_OUTPUT: join(work, `${name}.output`), GITHUB_STEP_SUMMARY: join(work, `${name}.summary`) };
    writeFileSync(github.GITHUB_OUTPUT, "");
    writeFileSync(github.GITHUB_STEP_SUMMARY, "");
    const env = { PATH: process.env.PATH, HOME: work, RUNNER_TEMP: work, DREDGE: wrapper, DREDGE_OUTPUT_DIR: join(work, name), DREDGE_DB: db, DREDGE_CACHE_DIR: join(work, "cache"), ...github, ...vars };
    const child = spawn("bash", [join(root, "ci/github/action.sh"), step], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    const outputs = Object.fromEntries(readFileSync(github.GITHUB_OUTPUT, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    return { code, stdout, stderr, outputs, summary: readFileSync(github.GITHUB_STEP_SUMMARY, "utf8") };
  }

  interface Comment { id: number; body: string; html_url: string }
  interface Call { method: string; url: string; auth: string | undefined; body?: { body: string } }

  /** A loopback stand-in for api.github.com: issue comments of acme/app#42, with another bot's comment first. */
  async function fakeGithub(status = 200) {
    const comments: Comment[] = [{ id: 7, body: "LGTM", html_url: "https://github.test/acme/app/pull/42#issuecomment-7" }];
    const calls: Call[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        const call: Call = { method: req.method!, url: req.url!, auth: req.headers.authorization, ...(raw ? { body: JSON.parse(raw) as { body: string } } : {}) };
        calls.push(call);
        const send = (code: number, value: unknown) => res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(value));
        if (status !== 200) return send(status, { message: "Resource not accessible by integration" });
        if (call.auth !== "Bearer ghs_test") return send(401, { message: "Bad credentials" });
        if (call.method === "GET" && /^\/repos\/acme\/app\/issues\/42\/comments\?per_page=100&page=1$/.test(call.url)) return send(200, comments);
        if (call.method === "POST" && call.url === "/repos/acme/app/issues/42/comments") {
          const c = { id: 100 + comments.length, body: call.body!.body, html_url: `https://github.test/acme/app/pull/42#issuecomment-${100 + comments.length}` };
          comments.push(c);
          return send(201, c);
        }
        const patch = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(call.url);
        const target = patch && comments.find((c) => c.id === Number(patch[1]));
        if (call.method === "PATCH" && target) {
          target.body = call.body!.body;
          return send(200, target);
        }
        return send(404, { message: "Not Found" });
      });
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, comments, calls, close: () => new Promise<void>((done) => server.close(() => done())) };
  }

  const prEvent = () => {
    const file = join(work, "event.json");
    writeFileSync(file, JSON.stringify({ action: "synchronize", number: 42, pull_request: { number: 42 } }));
    return file;
  };
  const diffInputs = (api: string, extra: Record<string, string> = {}) => ({
    INPUT_BASE_IMAGE: `oci:${img.oci}:bookworm-arm64`, INPUT_IMAGE: img.ociArchive, INPUT_SCAN_TYPE: "image", INPUT_PR_COMMENT: "true",
    GITHUB_TOKEN: "ghs_test", GITHUB_API_URL: api, GITHUB_REPOSITORY: "acme/app", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: prEvent(), ...extra,
  });

  it("diff: the comparison in the job summary and in one pull-request comment, updated (not duplicated) on a rerun", async () => {
    const gh = await fakeGithub();
    try {
      const first = await runStepAsync("diff", diffInputs(gh.url), "diff1");
      assert.equal(first.code, 0, first.stderr);
      const d = JSON.parse(readFileSync(first.outputs.diff!, "utf8")) as ImageDiff;
      assert.ok(d.vulnerabilities.new.length > 0, "the amd64 image has findings the arm64 base has not");
      assert.equal(first.outputs["new-findings"], String(d.gate.newFindings));
      const markdown = readFileSync(first.outputs["diff-markdown"]!, "utf8");
      assert.ok(first.summary.includes(markdown), "the comparison is in the job summary");
      assert.deepEqual(gh.calls.map((c) => `${c.method} ${c.url.replace(/\?.*/, "")}`), ["GET /repos/acme/app/issues/42/comments", "POST /repos/acme/app/issues/42/comments"]);
      assert.ok(gh.calls.every((c) => c.auth === "Bearer ghs_test"));
      const posted = gh.comments.find((c) => c.id !== 7)!;
      assert.equal(posted.body, `<!-- dredge-diff -->\n${markdown}`);
      assert.equal(first.outputs["comment-url"], posted.html_url);

      const second = await runStepAsync("diff", diffInputs(gh.url), "diff2");
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(gh.calls.slice(2).map((c) => `${c.method} ${c.url.replace(/\?.*/, "")}`), ["GET /repos/acme/app/issues/42/comments", `PATCH /repos/acme/app/issues/comments/${posted.id}`]);
      assert.equal(gh.comments.length, 2, "one comment of ours, updated");
      assert.equal(second.outputs["comment-url"], posted.html_url);
    } finally {
      await gh.close();
    }
  });

  it("diff: not a pull request, or pr-comment false: the summary only, no API call", async () => {
    const gh = await fakeGithub();
    try {
      writeFileSync(join(work, "push.json"), JSON.stringify({ ref: "refs/heads/main" }));
      const push = await runStepAsync("diff", diffInputs(gh.url, { GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: join(work, "push.json") }), "push");
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.summary, /^### Dredge diff: /);
      assert.match(push.stdout, /not a pull request: no comment/);
      const off = await runStepAsync("diff", diffInputs(gh.url, { INPUT_PR_COMMENT: "false" }), "off");
      assert.equal(off.code, 0, off.stderr);
      assert.equal(off.outputs["comment-url"], "");
      assert.deepEqual(gh.calls, []);
    } finally {
      await gh.close();
    }
  });

  it("diff: an API refusal (a fork's read-only token) warns and does not fail the job", async () => {
    const gh = await fakeGithub(403);
    try {
      const r = await runStepAsync("diff", diffInputs(gh.url), "refused");
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /::warning::could not comment on the pull request/);
      assert.match(r.stderr, /HTTP 403/);
      assert.equal(r.outputs["comment-url"], "");
      assert.ok(r.outputs["new-findings"]);
    } finally {
      await gh.close();
    }
  });

  it("diff: without base-image a usage error; with input-list skipped with a warning", async () => {
    assert.equal((await runStepAsync("diff", { INPUT_IMAGE: img.ociArchive }, "nobase")).code, 2);
    const list = await runStepAsync("diff", { INPUT_BASE_IMAGE: img.ociArchive, INPUT_IMAGE: "list.txt", INPUT_INPUT_LIST: "true" }, "list");
    assert.equal(list.code, 0);
    assert.match(list.stdout, /::warning::base-image: the comparison takes one image/);
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
