/**
 * `--admission-processes`: the admission listener served by two cluster workers that ask the server process for
 * verdicts and remember them. A policy switch and a catalog write reach the workers before the next review on
 * a new connection (the connection is handed to a worker over the same IPC channel as the `forget`).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DEFAULT_EXEMPT_NAMESPACES } from "../../src/server/admission/decide.js";
import type { LogRecord } from "../../src/util/log.js";
import { fixturesDir } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer } from "./harness.js";
import { makeCert, scannedTestImage } from "./admission-helpers.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

type Answer = { status: number; json: { response?: { uid: string; allowed: boolean; status?: { message: string }; warnings?: string[] }; status?: string } };

function call(url: string, ca: Buffer, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, ca, agent: false, headers: { "content-type": "application/json" } }, (res) => {
      let out = "";
      res.setEncoding("utf8").on("data", (c: string) => (out += c)).on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(out) as Answer["json"] }));
    });
    req.on("error", reject).end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const strict = "version: 1\nrules:\n  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }\n";
const lenient = "version: 1\nrules:\n  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: WARN }\n";

for (const { kind, make } of adapters) describe(`admission served by several processes on ${kind}`, () => {
  it("answers from the server's verdicts in every process and drops remembered ones on policy and catalog writes", async () => {
    const t = await make();
    const dir = await mkdtemp(join(tmpdir(), "dredge-admission-processes-"));
    try {
      const digest = await scannedTestImage(t.url);
      const { cert, key } = makeCert(dir);
      const ca = readFileSync(cert);
      const logs: LogRecord[] = [];
      const log = (level: LogRecord["level"]) => (msg: string, fields?: Record<string, unknown>) => void logs.push({ level, msg, ...(fields ? { fields } : {}) });
      const server = await startTestServer(t.url, {
        workers: 0,
        // Registry names resolve to a public address (nothing connects: the server runs no workers).
        resolver: async () => [{ address: "93.184.215.14", family: 4 }],
        logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
        admission: {
          listen: { host: "127.0.0.1", port: 0 },
          tls: { certFile: cert, keyFile: key },
          settings: { mode: "enforce", namespaceModes: {}, exempt: [...DEFAULT_EXEMPT_NAMESPACES] },
          tagTtlMs: 0,
          processes: 2,
        },
      });
      try {
        const url = server.admissionUrl!;
        const admin = api(server.url, await server.token("admin"));
        assert.deepEqual((await call(url, ca, "GET", "/health")).json, { status: "ok" });
        const pod = JSON.parse(readFileSync(join(fixturesDir, "payloads/kubernetes-admission/kubewarden-no_privileged_containers.json"), "utf8")) as {
          uid: string; object: { spec: { containers: { image: string }[] } };
        };
        const image = `registry.example/app@${digest}`;
        pod.object.spec.containers.forEach((c) => (c.image = image));
        // Six reviews on six connections: both processes answer (round-robin), alike.
        const reviews = async () => {
          const answers = await Promise.all(Array.from({ length: 6 }, () => call(url, ca, "POST", "/admission/v1/validate", { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: pod })));
          for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.json));
          const r = answers.map((a) => a.json.response!);
          for (const x of r) assert.deepEqual(x, r[0]);
          assert.equal(r[0]!.uid, pod.uid);
          return r[0]!;
        };
        assert.equal((await admin("POST", "/policies", { name: "strict", document: strict, active: true })).status, 201);
        const stopped = await reviews();
        assert.equal(stopped.allowed, false);
        assert.match(stopped.status!.message, /^Image failed policy check: .*\(1 STOP rule: any-vuln\)$/);
        // The workers remember the STOP for a second; activating another policy drops it at once.
        assert.equal((await admin("POST", "/policies", { name: "lenient", document: lenient, active: true })).status, 201);
        const warned = await reviews();
        assert.equal(warned.allowed, true);
        assert.match(warned.warnings![0]!, /policy WARN/);
        // A catalog write too: the image deleted is unknown (and queued for a scan, through the server process).
        assert.equal((await admin("DELETE", `/images/${digest}`)).status, 204);
        const gone = await reviews();
        assert.equal(gone.allowed, false);
        assert.match(gone.status!.message, /^Image not known to Dredge: .*queued for a scan/);
        const queued = await server.db.all<{ target: string }>("SELECT target FROM scans WHERE state = 'queued'");
        assert.equal(queued.length, 1);
        assert.ok(queued[0]!.target.endsWith(digest), queued[0]!.target);
        assert.deepEqual(logs.filter((l) => l.level === "error"), []);
      } finally {
        await server.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
      await t.drop();
    }
  });
});
