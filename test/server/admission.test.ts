import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Ajv } from "ajv";
import type { Resolver } from "../../src/image/registry/index.js";
import { DEFAULT_EXEMPT_NAMESPACES } from "../../src/server/admission/decide.js";
import { fixturesDir } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { admissionReviewRequestSchema, admissionReviewResponseSchema } from "./admission-schema.js";
import { api, fixtureDatabase, startTestServer } from "./harness.js";
import { makeCert, scannedTestImage } from "./admission-helpers.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const samples = join(fixturesDir, "payloads/kubernetes-admission");
type Req = { uid: string; namespace?: string; kind: { kind: string }; object: { spec: Record<string, unknown> } };
const sample = (name: string): Req => JSON.parse(readFileSync(join(samples, `kubewarden-${name}.json`), "utf8")) as Req;
const envelope = (request: unknown) => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request });

const ajv = new Ajv({ allErrors: true, strict: false });
const validRequest = ajv.compile(admissionReviewRequestSchema);
const validResponse = ajv.compile(admissionReviewResponseSchema);

/** Registry names resolve to a public address (nothing connects: the server runs no workers). */
const resolver: Resolver = async () => [{ address: "93.184.215.14", family: 4 }];


type Response = { apiVersion: string; kind: string; response: { uid: string; allowed: boolean; status?: { code: number; message: string }; warnings?: string[] } };

function post(url: string, ca: Buffer, body: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(`${url}/admission/v1/validate`, { method: "POST", ca, agent: false, headers: { "content-type": "application/json" } }, (res) => {
      let out = "";
      res.setEncoding("utf8").on("data", (c: string) => (out += c)).on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(out) as unknown }));
    });
    req.on("error", reject).end(text);
  });
}

/** Sends a request through the schemas both ways; the uid is copied. */
async function review(url: string, ca: Buffer, req: Req): Promise<Response["response"]> {
  const body = envelope(req);
  assert.ok(validRequest(body), JSON.stringify(validRequest.errors));
  const r = await post(url, ca, body);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.ok(validResponse(r.json), JSON.stringify(validResponse.errors));
  const res = (r.json as Response).response;
  assert.equal(res.uid, req.uid);
  return res;
}

const withImage = (req: Req, image: string, namespace?: string): Req => {
  const copy = structuredClone(req);
  const spec = (copy.object.spec.template as { spec: { containers: { image: string }[] } }).spec;
  for (const c of spec.containers) c.image = image;
  return { ...copy, ...(namespace ? { namespace } : {}) };
};

const strict = "version: 1\nrules:\n  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }\n";
const lenient = "version: 1\nrules:\n  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: WARN }\n";

for (const { kind, make } of adapters) {
  describe(`Kubernetes admission on ${kind}`, () => {
    it("answers AdmissionReviews from verdicts: STOP denied, unknown denied and queued, modes per namespace, exempt namespaces", async () => {
      const t = await make();
      const dir = await mkdtemp(join(tmpdir(), "dredge-admission-"));
      try {
        // A verified image in the catalog (a real scan), then a server with no workers: nothing is scanned inline.
        const digest = await scannedTestImage(t.url);
        const { cert, key } = makeCert(dir);
        const ca = readFileSync(cert);
        const server = await startTestServer(t.url, {
          workers: 0,
          resolver,
          admission: {
            listen: { host: "127.0.0.1", port: 0 },
            tls: { certFile: cert, keyFile: key, reloadMs: 100 },
            settings: { mode: "enforce", namespaceModes: { sandbox: "audit", staging: "known" }, exempt: [...DEFAULT_EXEMPT_NAMESPACES, "dredge"] },
            // Tags are not resolved here (no network in tests): admission-tags.test.ts resolves them at a local registry.
            tagTtlMs: 0,
          },
        });
        try {
          const url = server.admissionUrl!;
          assert.match(url, /^https:\/\//);
          const admin = api(server.url, await server.token("admin"));
          assert.equal((await admin("POST", "/policies", { name: "strict", document: strict, active: true })).status, 201);
          const queued = async () => (await server.db.all<{ target: string }>("SELECT target FROM scans WHERE state = 'queued' ORDER BY target")).map((r) => r.target);
          const before = await queued();

          // Tag-only images (the captured Pod: alpine and nginx) are unknown: denied in enforce, and queued.
          const pod = sample("no_privileged_containers");
          const denied = await review(url, ca, pod);
          assert.equal(denied.allowed, false);
          assert.equal(denied.status?.code, 403);
          assert.match(denied.status!.message, /^Image not known to Dredge: alpine \(not analysed \(named by tag, not digest\); queued for a scan\); Image not known to Dredge: nginx/);
          assert.deepEqual((await queued()).filter((x) => !before.includes(x)), ["registry:docker.io/library/alpine:latest", "registry:docker.io/library/nginx:latest"]);
          assert.equal((await review(url, ca, pod)).allowed, false, "asked again: still unknown, the queued scan is the same (deduplicated)");
          assert.equal((await queued()).length, before.length + 2);

          for (const ns of ["kube-system", "kube-node-lease", "dredge"]) {
            const r = await review(url, ca, { ...pod, namespace: ns });
            assert.deepEqual([r.allowed, r.warnings], [true, undefined], ns);
          }
          const audit = await review(url, ca, { ...pod, namespace: "sandbox" });
          assert.equal(audit.allowed, true);
          assert.equal(audit.warnings?.length, 2);
          for (const w of audit.warnings!) assert.ok(w.length <= 120, w);

          // A Deployment of the scanned image, by digest: the strict policy stops it.
          const deployment = sample("deployment_with_privileged_containers");
          const image = `registry.example/app@${digest}`;
          const stopped = await review(url, ca, withImage(deployment, image));
          assert.equal(stopped.allowed, false);
          const check = (await (await admin("GET", `/images/${digest}/check`)).json()) as { finalAction: string; reason: string };
          assert.equal(check.finalAction, "STOP");
          assert.equal(stopped.status!.message, `Image failed policy check: ${image} (${check.reason})`);
          assert.match(stopped.status!.message, /\(1 STOP rule: any-vuln\)$/);
          const known = await review(url, ca, withImage(deployment, image, "staging"));
          assert.equal(known.allowed, true, "known mode: analysed is enough");
          assert.match(known.warnings![0]!, /policy STOP/);

          // The StatefulSet sample, and a CronJob built around the Deployment's pod template.
          const sts = await review(url, ca, withImage(sample("statefulset_with_privileged_container"), image));
          assert.equal(sts.allowed, false);
          const cron = structuredClone(deployment);
          cron.kind = { ...cron.kind, kind: "CronJob" };
          cron.object = { spec: { schedule: "* * * * *", jobTemplate: { spec: { template: (withImage(deployment, image).object.spec.template) } } } };
          assert.equal((await review(url, ca, cron)).allowed, false);
          // Every other owner kind, from the same pod template; and a Pod's init and ephemeral containers.
          for (const k of ["DaemonSet", "ReplicaSet", "Job", "ReplicationController"]) {
            const w = withImage(deployment, image);
            w.kind = { ...w.kind, kind: k };
            const r = await review(url, ca, w);
            assert.deepEqual([r.allowed, r.status?.message], [false, stopped.status!.message], k);
          }
          for (const field of ["initContainers", "ephemeralContainers"]) {
            const p = structuredClone(pod);
            p.object.spec = { ...p.object.spec, containers: [], [field]: [{ name: "x", image }] };
            assert.equal((await review(url, ca, { ...p, namespace: "default" })).status?.message, stopped.status!.message, field);
          }

          // A WARN policy: allowed, with a warning.
          assert.equal((await admin("POST", "/policies", { name: "lenient", document: lenient, active: true })).status, 201);
          const warned = await review(url, ca, withImage(deployment, image));
          assert.equal(warned.allowed, true);
          assert.equal(warned.warnings?.length, 1);
          assert.ok(warned.warnings![0]!.length <= 120);
          assert.match(warned.warnings![0]!, /policy WARN/);

          // Warm: a review of a known image reads no policy row and no row of the image (the verdict is
          // remembered per digest, policy revision and database version); a catalog write drops it at once.
          const reads: string[] = [];
          const all = server.db.all.bind(server.db);
          server.db.all = ((sql: string, params?: readonly unknown[]) => {
            if (/FROM policies\b/.test(sql) || params?.includes(digest)) reads.push(sql); // the background pollers read neither
            return all(sql, params);
          }) as typeof all;
          try {
            assert.equal((await review(url, ca, withImage(deployment, image))).allowed, true);
            assert.deepEqual(reads, []);
          } finally {
            server.db.all = all;
          }
          assert.equal((await admin("DELETE", `/images/${digest}`)).status, 204);
          const gone = await review(url, ca, withImage(deployment, image));
          assert.equal(gone.allowed, false);
          assert.match(gone.status!.message, /^Image not known to Dredge: /);

          const bad = await post(url, ca, { apiVersion: "admission.k8s.io/v1beta1", kind: "AdmissionReview", request: pod });
          assert.equal(bad.status, 400);

          // The listener's certificate is reloaded when its files change (cert-manager rotating the Secret).
          const next = makeCert(join(dir, "next"));
          writeFileSync(cert, readFileSync(next.cert));
          writeFileSync(key, readFileSync(next.key));
          const ca2 = readFileSync(next.cert);
          const deadline = Date.now() + 20_000;
          let rotated = false;
          while (!rotated && Date.now() < deadline) {
            rotated = await post(url, ca2, envelope(pod)).then((r) => r.status === 200, () => false);
            if (!rotated) await new Promise((r) => setTimeout(r, 200));
          }
          assert.ok(rotated, "the rotated certificate is served");
          await assert.rejects(post(url, ca, envelope(pod)), /self[- ]signed|unable to verify|certificate/i);
        } finally {
          await server.dispose();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
        await t.drop();
      }
    });
  });
}
