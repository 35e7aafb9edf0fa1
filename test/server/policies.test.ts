import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { PolicyEvaluation } from "../../src/model/policy.js";
import { parsePolicy } from "../../src/policy/index.js";
import { scanTarget } from "../../src/scan/index.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions, waitForScan, type Api } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const strict = `version: 1
rules:
  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }
  - { id: fixable, gate: vulnerabilities, trigger: fix-available, action: WARN }
  - { id: kev, gate: vulnerabilities, trigger: kev, action: STOP }
`;
const lenient = `version: 1
rules:
  - { id: fixable, gate: vulnerabilities, trigger: fix-available, action: WARN }
`;

type Check = { status: string; finalAction: string | null; reason: string; cached: boolean; policy: { id: string; revision: string }; dbVersion: string; evaluation: PolicyEvaluation };

const json = async <T>(r: Response, status: number): Promise<T> => {
  const text = await r.text();
  assert.equal(r.status, status, text);
  return JSON.parse(text) as T;
};

/** The CLI's `--policy` evaluation of the same archive (the reference the server must agree with). */
async function cliEvaluation(text: string): Promise<PolicyEvaluation> {
  const dir = await mkdtemp(join(tmpdir(), "dredge-cli-policy-"));
  try {
    const file = join(dir, "policy.yaml");
    await writeFile(file, text);
    const { reports } = await scanTarget(testImages().ociArchive, await testScanOptions({ scanners: "vuln", policy: file }), { logger: silentLogger, cacheDir: dir, tmpDir: dir });
    return reports[0]!.policy!;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ruleView = (e: PolicyEvaluation) => e.rules.map((r) => ({ id: r.id, outcome: r.outcome, effective: r.effectiveAction, hits: r.hits.map((h) => `${h.findingId} ${h.package ?? ""}`).sort() }));

const create = async (call: Api, name: string, document: string, active: boolean) =>
  json<{ id: string; revision: string; active: boolean }>(await call("POST", "/policies", { name, document, active }), 201);

for (const { kind, make } of adapters) {
  describe(`policies and verdicts on ${kind}`, () => {
    it("stores policies checked like the CLI (problems with line and column), one active at a time", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        const bad = await admin("POST", "/policies", { name: "bad", document: "version: 1\nrules:\n  - { gate: vulnerabilites, trigger: severity, action: STOP }\n" });
        assert.equal(bad.status, 400);
        assert.match(bad.headers.get("content-type") ?? "", /^application\/problem\+json/);
        const problem = (await bad.json()) as { code: string; problems: { line: number; column: number; path: string; message: string }[] };
        assert.equal(problem.code, "INVALID_CONFIG");
        assert.equal(problem.problems[0]!.line, 3);
        assert.ok(problem.problems[0]!.column > 1);
        assert.match(problem.problems[0]!.message, /unknown gate/);

        const a = await create(admin, "strict", strict, true);
        assert.equal(a.revision, parsePolicy(strict, "x").revision, "the revision is the loader's");
        const b = await create(admin, "lenient", lenient, false);
        assert.equal((await reader("POST", "/policies", { name: "x", document: lenient })).status, 403);
        let list = await json<{ policies: { id: string; active: boolean }[] }>(await reader("GET", "/policies"), 200);
        assert.deepEqual(list.policies.map((p) => [p.id, p.active]), [[a.id, true], [b.id, false]]);
        const got = await json<{ document: string; name: string }>(await reader("GET", `/policies/${a.id}`), 200);
        assert.equal(got.document, strict);
        await json(await admin("POST", `/policies/${b.id}/activate`), 200);
        list = await json(await reader("GET", "/policies"), 200);
        assert.deepEqual(list.policies.map((p) => [p.id, p.active]), [[a.id, false], [b.id, true]]);
        assert.equal((await admin("DELETE", `/policies/${b.id}`)).status, 204);
        assert.equal((await reader("GET", `/policies/${b.id}`)).status, 404);
        assert.equal((await admin("DELETE", `/policies/${b.id}`)).status, 404);
        list = await json(await reader("GET", "/policies"), 200);
        assert.deepEqual(list.policies.map((p) => p.active), [false], "deleting the active policy leaves none active");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("checks a scanned image like the CLI, caches by policy revision, keeps the history; unverified images are unknown", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        const scan = await waitForScan(admin, ((await (await admin("POST", "/images", { reference: testImages().ociArchive })).json()) as { scanId: string }).scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const digest = scan.digest!;
        assert.equal((await reader("GET", `/images/${digest}/check`)).status, 409, "no active policy");
        assert.equal((await reader("GET", `/images/sha256:${"b".repeat(64)}/check`)).status, 409);

        const strictPolicy = await create(admin, "strict", strict, true);
        assert.equal((await reader("GET", `/images/sha256:${"b".repeat(64)}/check`)).status, 404, "an image not in the catalog");
        const first = await json<Check>(await reader("GET", `/images/${digest}/check`), 200);
        const expected = await cliEvaluation(strict);
        assert.equal(first.status, "evaluated");
        // The server's indexer evaluates the active policy on every image by itself: it may have been first.
        assert.equal(first.finalAction, expected.finalAction);
        assert.equal(first.finalAction, "STOP", "the fixture database matches vulnerabilities in bookworm");
        assert.equal(first.evaluation.policy.revision, strictPolicy.revision);
        assert.equal(first.evaluation.database?.builtAt, expected.database?.builtAt);
        assert.deepEqual(ruleView(first.evaluation), ruleView(expected));

        const second = await json<Check>(await reader("GET", `/images/${digest}/check`), 200);
        assert.equal(second.cached, true);
        assert.deepEqual(second.evaluation, first.evaluation);

        const lenientPolicy = await create(admin, "lenient", lenient, true);
        const third = await json<Check>(await reader("GET", `/images/${digest}/check`), 200);
        assert.notDeepEqual(third.evaluation.policy.revision, first.evaluation.policy.revision, "a new policy revision is a new evaluation");
        assert.equal(third.policy.id, lenientPolicy.id);
        assert.deepEqual(ruleView(third.evaluation), ruleView(await cliEvaluation(lenient)));
        const history = await json<{ evaluations: { revision: string; finalAction: string; dbVersion: string }[] }>(await reader("GET", `/images/${digest}/checks`), 200);
        assert.deepEqual(history.evaluations.map((e) => [e.revision, e.finalAction]), [[lenientPolicy.revision, third.finalAction], [strictPolicy.revision, "STOP"]]);

        // The same image uploaded as an SBOM (unverified) after the verified entry is deleted: unknown to verdicts.
        const cdx = await (await admin("GET", `/images/${digest}/sbom?format=cyclonedx`)).text();
        assert.equal((await admin("DELETE", `/images/${digest}`)).status, 204);
        const uploaded = await json<{ digest: string; verified: boolean }>(await admin("POST", "/sboms", cdx, { "content-type": "application/vnd.cyclonedx+json" }), 201);
        assert.equal(uploaded.verified, false);
        const unknown = await json<Check>(await reader("GET", `/images/${uploaded.digest}/check`), 200);
        assert.equal(unknown.status, "unknown");
        assert.equal(unknown.finalAction, null);
        assert.match(JSON.stringify(unknown), /unverified/);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("evaluates unverified images when the operator allows unverified sources", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0, policyAllowUnverified: true });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        await create(admin, "strict", strict, true);
        const cdx = await readFile(join(fixturesDir, "golden/trivy/sbom-inputs/centos-7-cyclonedx.json"), "utf8");
        const uploaded = await json<{ digest: string }>(await admin("POST", "/sboms", cdx, { "content-type": "application/vnd.cyclonedx+json" }), 201);
        const check = await json<Check>(await reader("GET", `/images/${uploaded.digest}/check`), 200);
        assert.equal(check.status, "evaluated");
        assert.ok(check.finalAction);
        assert.equal(check.evaluation.rules.length, 3);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
