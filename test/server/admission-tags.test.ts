/**
 * Admission of images named by tag: resolved to their digest at a real registry (docker-registry with Basic
 * auth, reached as `registry.test` through an injected resolver) with the credentials of /registries, cached
 * for a TTL; an index (multi-platform) tag judged by the platform image a scan stored for it; the break-glass
 * annotation honoured only in the namespaces the active policy lists. SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Resolver } from "../../src/image/registry/index.js";
import { BREAK_GLASS_ANNOTATION } from "../../src/server/admission/break-glass.js";
import { DEFAULT_EXEMPT_NAMESPACES } from "../../src/server/admission/decide.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";
import { makeCert } from "./admission-helpers.js";

const PASSWORD = "pw-admission-3c1d";
/** Both servers of a test open the credentials sealed by the first. */
const secretKey = randomBytes(32).toString("base64");
let reg: TestRegistry;
let host: string;

const resolver: Resolver = async (name) => {
  if (name === "registry.test") return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

before(async () => {
  reg = await startRegistry({ auth: `tester:${PASSWORD}` });
  host = `registry.test:${reg.host.split(":")[1]}`;
  const oci = testImages().oci;
  for (const tag of ["latest", "v2"]) await pushImage(reg.host, `oci:${oci}:bookworm`, `test/bookworm:${tag}`, { creds: `tester:${PASSWORD}` });
  await pushImage(reg.host, `oci:${oci}:bookworm-multi`, "test/bookworm:multi", { creds: `tester:${PASSWORD}`, all: true });
});
after(async () => {
  await reg?.stop();
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

type Req = { uid: string; namespace?: string; kind: { kind: string }; object: { metadata?: Record<string, unknown>; spec: Record<string, unknown> } };
type Res = { uid: string; allowed: boolean; status?: { code: number; message: string }; warnings?: string[] };
const sample = (name: string): Req =>
  JSON.parse(readFileSync(join(fixturesDir, "payloads/kubernetes-admission", `kubewarden-${name}.json`), "utf8")) as Req;

function review(url: string, ca: Buffer, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: req });
    const r = request(`${url}/admission/v1/validate`, { method: "POST", ca, agent: false, headers: { "content-type": "application/json" } }, (res) => {
      let out = "";
      res.setEncoding("utf8").on("data", (c: string) => (out += c)).on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`${res.statusCode}: ${out}`));
        const response = (JSON.parse(out) as { response: Res }).response;
        assert.equal(response.uid, req.uid);
        for (const w of response.warnings ?? []) assert.ok(w.length <= 120, w);
        resolve(response);
      });
    });
    r.on("error", reject).end(body);
  });
}

/** The Deployment sample running `image` in `namespace`, with the break-glass annotation on its pod template when given. */
function deployment(image: string, namespace: string, breakGlass?: string): Req {
  const d = structuredClone(sample("deployment_with_privileged_containers"));
  const template = d.object.spec.template as { metadata?: { annotations?: Record<string, string> }; spec: { containers: { image: string }[] } };
  for (const c of template.spec.containers) c.image = image;
  if (breakGlass !== undefined) template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [BREAK_GLASS_ANNOTATION]: breakGlass } };
  return { ...d, namespace };
}

const policy = `version: 1
rules:
  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }
breakGlass:
  namespaces: ["break-*"]
`;

for (const { kind, make } of adapters) {
  describe(`admission of tags on ${kind}`, () => {
    it("resolves tags with the configured credentials, caches them, judges an index by its platform images, honours break-glass where the policy says", async () => {
      const t = await make();
      const dir = await mkdtemp(join(tmpdir(), "dredge-admission-tags-"));
      try {
        // Scans through the registry (its credentials configured), then a server without workers answers reviews.
        const scanning = await startTestServer(t.url, { workers: 1, allowLocalTargets: false, resolver, secretKey });
        let digest: string;
        let registryId: string;
        try {
          const admin = api(scanning.url, await scanning.token("admin"));
          const created = await admin("POST", "/registries", { host, insecure: true, credentials: { username: "tester", password: PASSWORD } });
          assert.equal(created.status, 201);
          registryId = ((await created.json()) as { id: string }).id;
          const scans = await Promise.all([":latest", ":multi"].map(async (tag) => {
            const res = await admin("POST", "/images", { reference: `${host}/test/bookworm${tag}` });
            return waitForScan(admin, ((await res.json()) as { scanId: string }).scanId);
          }));
          for (const s of scans) assert.equal(s.state, "done", s.error ?? "");
          digest = scans[0]!.digest!;
          assert.equal((await admin("POST", "/policies", { name: "strict", document: policy, active: true })).status, 201);
        } finally {
          await scanning.dispose();
        }

        const { cert, key } = makeCert(dir);
        const ca = readFileSync(cert);
        const server = await startTestServer(t.url, {
          workers: 0,
          resolver,
          secretKey,
          allowRegistries: [host],
          admission: {
            listen: { host: "127.0.0.1", port: 0 },
            tls: { certFile: cert, keyFile: key },
            settings: { mode: "enforce", namespaceModes: {}, exempt: [...DEFAULT_EXEMPT_NAMESPACES] },
            tagTtlMs: 600_000,
          },
        });
        try {
          const url = server.admissionUrl!;
          const admin = api(server.url, await server.token("admin"));
          const { reason } = (await (await admin("GET", `/images/${digest}/check`)).json()) as { reason: string };
          assert.match(reason, /STOP rule: any-vuln/);

          // A tag resolves to the scanned digest: the verdict is the image's.
          const latest = `${host}/test/bookworm:latest`;
          const denied = await review(url, ca, deployment(latest, "default"));
          assert.equal(denied.allowed, false);
          assert.equal(denied.status!.message, `Image failed policy check: ${latest} (${reason})`);
          // Another tag of the same digest, never scanned under that name: the same verdict.
          assert.equal((await review(url, ca, deployment(`${host}/test/bookworm:v2`, "default"))).status?.message, `Image failed policy check: ${host}/test/bookworm:v2 (${reason})`);
          // A multi-platform index: judged by the platform image its scan stored.
          const multi = await review(url, ca, deployment(`${host}/test/bookworm:multi`, "default"));
          assert.match(multi.status?.message ?? "", /^Image failed policy check: .*:multi \(1 STOP rule: any-vuln\)$/);
          // A tag the registry does not have: unknown, denied and queued.
          const queuedBefore = (await server.db.all("SELECT id FROM scans WHERE state = 'queued'")).length;
          const missing = await review(url, ca, deployment(`${host}/test/bookworm:nope`, "default"));
          assert.match(missing.status?.message ?? "", /^Image not known to Dredge: .*:nope \(tag not resolved: .*; queued for a scan\)$/);
          assert.equal((await server.db.all("SELECT id FROM scans WHERE state = 'queued'")).length, queuedBefore + 1);

          // Break-glass: honoured in break-* (with a warning naming the reason), not in default.
          const glass = await review(url, ca, deployment(latest, "break-prod", "INC-4711 hotfix"));
          assert.equal(glass.allowed, true);
          assert.match(glass.warnings?.[0] ?? "", /^Dredge: break-glass \(INC-4711 hotfix\) admitted: Image failed policy check/);
          const refused = await review(url, ca, deployment(latest, "default", "INC-4711 hotfix"));
          assert.equal(refused.allowed, false);
          assert.match(refused.status!.message, new RegExp(`; ${BREAK_GLASS_ANNOTATION} is not allowed in namespace default by the active policy$`));
          const pod = structuredClone(sample("no_privileged_containers"));
          (pod.object.spec.containers as { image: string }[]).forEach((c) => (c.image = latest));
          pod.object.metadata = { ...pod.object.metadata, annotations: { [BREAK_GLASS_ANNOTATION]: "pod-level" } };
          assert.equal((await review(url, ca, { ...pod, namespace: "break-x" })).allowed, true, "on a Pod's own metadata");
          assert.equal((await review(url, ca, { ...pod, namespace: "break-x", object: { ...pod.object, metadata: { annotations: { [BREAK_GLASS_ANNOTATION]: "  " } } } })).allowed, false, "an empty reason is no break-glass");

          // Without the configured credentials an uncached tag cannot be resolved (the registry wants them).
          assert.equal((await admin("PUT", `/registries/${registryId}`, { host, insecure: true, credentials: null })).status, 200);
          const noCreds = await review(url, ca, deployment(`${host}/test/bookworm:other`, "default"));
          assert.match(noCreds.status?.message ?? "", /tag not resolved: .*(auth|credentials|401)/i);
          // A cached tag still answers (TTL 10 minutes here): no registry request, so no credentials needed.
          assert.equal((await review(url, ca, deployment(latest, "default"))).status?.message, denied.status!.message);
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
