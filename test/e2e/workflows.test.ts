/**
 * The GitHub workflows, which cannot run here: their structure (YAML, @actions/workflow-parser's schema,
 * shell syntax of every `run:`), every `dredge` command line in them against the CLI's commander program,
 * and db.yml's commands run for real in order — build (twice: the second continues from the first, as the
 * cached database does), status/schema tag, push with the token login to a registry with auth, pull back —
 * with local feed subsets instead of the upstream feeds and a loopback registry instead of ghcr.io.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { DEFAULT_DB_REPOSITORY } from "../../src/db/distribution/index.js";
import { SCHEMA_VERSION } from "../../src/db/schema.js";
import { DEMO_DATA, dbBuildArgs } from "../../scripts/demo-lib.mjs";
import { runCli } from "../helpers/cli.js";
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import {
  cliProblems, dredgeCommands, loadWorkflow, shellWords, steps, withExpressions, workflowFiles, workflowText, type Step,
} from "../helpers/workflows.js";

const runs = (file: string): Step[] => steps(loadWorkflow(file)).filter((s) => s.run !== undefined);

describe("workflows: structure", () => {
  it("db.yml and ci.yml are there", () => assert.deepEqual(workflowFiles(), ["ci.yml", "db.yml"]));

  for (const file of workflowFiles()) {
    it(`${file}: valid for @actions/workflow-parser (GitHub's workflow schema)`, async () => {
      const parsed = parseWorkflow({ name: file, content: workflowText(file) }, new NoOperationTraceWriter());
      assert.deepEqual(parsed.context.errors.getErrors().map((e) => e.message), []);
      const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
      assert.equal(template.errors, undefined);
      assert.ok(template.jobs.length > 0);
    });

    it(`${file}: every job runs steps; actions are pinned to a major version; every run: script is valid bash`, () => {
      const wf = loadWorkflow(file);
      assert.ok(wf.name && wf.on && wf.permissions, "name, on, permissions");
      for (const [id, job] of Object.entries(wf.jobs)) {
        assert.ok(job["runs-on"] && job.steps.length > 0 && job["timeout-minutes"], id);
        for (const s of job.steps) {
          assert.ok((s.uses === undefined) !== (s.run === undefined), `${id}: a step has uses or run: ${JSON.stringify(s)}`);
          if (s.uses) assert.match(s.uses, /^[\w-]+\/[\w-]+(\/[\w-]+)*@v\d+$/);
          if (s.run) execFileSync("bash", ["-n", "-c", withExpressions(s.run, {}).replace(/\$\{\{.*?\}\}/g, "X")]);
        }
      }
    });

    it(`${file}: every dredge command line uses subcommands and flags the CLI has`, () => {
      for (const s of runs(file)) {
        for (const line of dredgeCommands(s.run!)) assert.deepEqual(cliProblems(shellWords(line, {})), [], line);
      }
    });
  }

  it("cliProblems catches what commander would refuse (a check that can fail)", () => {
    assert.deepEqual(cliProblems(["db", "build", "--output", "x", "--incremental"]), []);
    assert.notDeepEqual(cliProblems(["db", "build", "--incremetal", "--output", "x"]), []);
    assert.notDeepEqual(cliProblems(["db", "build"]), []);
    assert.notDeepEqual(cliProblems(["db", "push", "--db", "x"]), []);
    assert.notDeepEqual(cliProblems(["db", "pull"]), []);
  });

  it("db.yml: scheduled and dispatchable; publishes, with the job's token, where `dredge db update` pulls from", () => {
    const wf = loadWorkflow("db.yml");
    assert.ok(Array.isArray(wf.on.schedule) && "workflow_dispatch" in wf.on);
    assert.equal(wf.permissions?.packages, "write");
    const job = wf.jobs.publish!;
    assert.equal(job.env?.DREDGE_NVD_API_KEY, "${{ secrets.DREDGE_NVD_API_KEY }}");
    assert.equal(`${job.env?.DB_REPOSITORY}:${SCHEMA_VERSION}`, DEFAULT_DB_REPOSITORY);
    const push = job.steps.find((s) => s.run?.includes(" db push "))!;
    assert.equal(push.env?.DREDGE_PASSWORD, "${{ secrets.GITHUB_TOKEN }}");
    assert.ok(job.steps.some((s) => s.uses?.startsWith("actions/setup-node@") && s.with?.["node-version"] === 20));
    const restore = job.steps.find((s) => s.uses?.startsWith("actions/cache/restore@"))!;
    assert.match(String(restore.with?.key), /hashFiles\('src\/db\/schema\.ts'\)/, "a schema change starts from scratch");
  });

  it("ci.yml: runs .ci/run on Debian 12 with the shared fixtures and tools at ../shared", () => {
    const job = loadWorkflow("ci.yml").jobs.test!;
    assert.deepEqual(job.container, { image: "debian:12", options: "--privileged" });
    assert.match(readFileSync(join(import.meta.dirname, "../../.ci/run"), "utf8"), /Debian 12[\s\S]*\.\.\/shared\/tools\//);
    const ci = job.steps.find((s) => s.run === "bash .ci/run")!;
    const paths = job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")).map((s) => s.with?.path);
    assert.deepEqual(paths, [ci["working-directory"], "shared"]);
  });
});

describe("workflows: db.yml's commands, run", () => {
  let reg: TestRegistry;
  let work: string;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "dredge-workflow-"));
    reg = await startRegistry({ auth: "tester:secret" });
  });
  after(async () => {
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("build (fresh, then incremental), status, push with a token, update from the published artifact", async () => {
    const vars = { DB_FILE: join(work, "dredge.db"), DB_REPOSITORY: `${reg.host}/dredge-scanner/dredge-db`, RUNNER_TEMP: work };
    const env = { DREDGE_USERNAME: "tester", DREDGE_PASSWORD: "secret" };
    // The upstream feeds are replaced by the demo's local subsets (the only change to the command lines).
    const localSources = dbBuildArgs("unused", DEMO_DATA).slice(2);
    const expressions: Record<string, string> = {};
    const outputs: string[] = [];
    for (const s of runs("db.yml")) {
      for (const line of dredgeCommands(withExpressions(s.run!, expressions))) {
        const argv = shellWords(line, vars);
        const repeat = argv[0] === "db" && argv[1] === "build" ? 2 : 1;
        for (let i = 0; i < repeat; i++) {
          const r = await runCli(argv[1] === "build" ? [...argv, ...localSources] : argv, env);
          assert.equal(r.code, 0, `${line}\n${r.stderr}`);
          outputs.push(r.stdout);
          if (argv.includes("--format") && argv[1] === "status") {
            // `| jq -r .schemaVersion` → the tag, as $GITHUB_OUTPUT passes it to the next steps
            expressions["steps.status.outputs.schema"] = String((JSON.parse(r.stdout) as { schemaVersion: number }).schemaVersion);
          }
        }
      }
    }
    assert.equal(expressions["steps.status.outputs.schema"], String(SCHEMA_VERSION));
    assert.ok(outputs.some((o) => new RegExp(`^pushed ${reg.host}/dredge-scanner/dredge-db@sha256:`).test(o)), outputs.join("\n"));
    assert.ok(outputs.some((o) => /^updated the vulnerability database/.test(o)), outputs.join("\n"));
  });
});
