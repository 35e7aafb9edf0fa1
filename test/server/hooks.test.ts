/**
 * Push webhooks with the upstream payload samples (registry host and digest rewritten to the loopback registry
 * in the test; the fixtures are read as published): a Distribution envelope and a Harbor PUSH_ARTIFACT enqueue
 * a scan of the pushed digest that completes; other events are ignored; the samples that are not valid JSON
 * and wrong secrets are clear 4xx. Both storage adapters.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir, testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";

const SECRET = "hook-secret-3f9a";
const payloads = join(fixturesDir, "payloads");
let reg: TestRegistry;
let digest: string;

before(async () => {
  reg = await startRegistry();
  const images = testImages();
  await pushImage(reg.host, `oci:${images.oci}:bookworm`, "library/bookworm:1.0");
  const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  digest = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!.digest;
});
after(async () => {
  await reg?.stop();
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

/** The sample envelope (the body of the published HTTP request), pointed at the loopback registry. */
function distributionSample(): string {
  const http = readFileSync(join(payloads, "distribution/extracted/envelope-push.http"), "utf8");
  const body = http.slice(http.indexOf("\n\n") + 2);
  const manifest = (JSON.parse(body) as { events: { target: { mediaType: string; digest: string } }[] }).events.find((e) => e.target.mediaType.includes("manifest"))!;
  return body
    .replaceAll("https://example.com", reg.url)
    .replaceAll("registrycluster.local", reg.host)
    .replaceAll("library/test", "library/bookworm")
    .replaceAll(manifest.target.digest, digest);
}

function harborSample(file: string): string {
  const text = readFileSync(join(payloads, "harbor/extracted", file), "utf8");
  const sampleDigest = /sha256:[0-9a-f]{64}/.exec(text)?.[0];
  const rewritten = text.replaceAll("localhost/harbor/alpine", `${reg.host}/library/bookworm`);
  return sampleDigest ? rewritten.replaceAll(sampleDigest, digest) : rewritten;
}

for (const { kind, make } of adapters) {
  describe(`push webhooks on ${kind}`, () => {
    it("enqueue scans of pushed digests from the real payload samples", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1, allowLocalTargets: false, allowRegistries: [reg.host], hookSecrets: { distribution: SECRET, harbor: SECRET } });
      try {
        const reader = api(server.url, await server.token("reader"));
        const post = (hook: string, body: string, type: string, secret = SECRET) =>
          fetch(`${server.url}/hooks/${hook}`, { method: "POST", headers: { "content-type": type, ...(secret ? { authorization: secret } : {}) }, body });

        const distType = "application/vnd.docker.distribution.events.v2+json";
        assert.equal((await post("distribution", distributionSample(), distType, "")).status, 401);
        assert.equal((await post("distribution", distributionSample(), distType, "wrong")).status, 401);
        assert.equal((await post("distribution", "{not json", distType)).status, 400);
        const res = await post("distribution", distributionSample(), distType, `Bearer ${SECRET}`);
        assert.equal(res.status, 202);
        const out = (await res.json()) as { queued: { reference: string; scanId: string }[]; ignored: number };
        assert.deepEqual(out.queued.map((q) => q.reference), [`${reg.host}/library/bookworm@${digest}`], "one manifest push; blob events merged away");
        assert.ok(out.ignored >= 1);
        const scan = await waitForScan(reader, out.queued[0]!.scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        assert.equal((await reader("GET", `/images/${digest}`)).status, 200);

        // Harbor: every sample either enqueues (PUSH_ARTIFACT), is ignored (other events), or is a clear 400 (not JSON).
        for (const file of readdirSync(join(payloads, "harbor/extracted")).sort()) {
          const body = harborSample(file);
          const type = file.endsWith(".cloudevents.json") ? "application/cloudevents+json" : "application/json";
          const valid = (() => {
            try {
              JSON.parse(body);
              return true;
            } catch {
              return false;
            }
          })();
          const r = await post("harbor", body, type);
          const text = await r.text();
          if (!valid) {
            assert.equal(r.status, 400, `${file}: ${text}`);
            continue;
          }
          assert.equal(r.status, 202, `${file}: ${text}`);
          const queued = (JSON.parse(text) as { queued: { reference: string }[] }).queued.map((q) => q.reference);
          assert.deepEqual(queued, file.startsWith("PUSH_ARTIFACT") ? [`${reg.host}/library/bookworm@${digest}`] : [], file);
        }
        assert.equal((await post("harbor", harborSample("PUSH_ARTIFACT.default.json"), "application/json", "wrong")).status, 401);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
