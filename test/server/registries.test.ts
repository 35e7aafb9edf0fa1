/**
 * Configured registries against a real registry (docker-registry with Basic auth on loopback), reached by a
 * name that resolves to 127.0.0.1 through an injected resolver: the SSRF guard refuses it until it is
 * configured; credentials are sealed and never returned; scans use them; the same digest is analysed once.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Resolver } from "../../src/image/registry/index.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";
import { rm } from "node:fs/promises";

const PASSWORD = "pw-never-shown-7f3a";
let reg: TestRegistry;
let digest: string;

/** `registry.test` is the loopback registry; nothing else resolves (no DNS in tests). */
const resolver: Resolver = async (host) => {
  if (host === "registry.test") return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

before(async () => {
  reg = await startRegistry({ auth: `tester:${PASSWORD}` });
  const images = testImages();
  for (const tag of ["latest", "v2"]) await pushImage(reg.host, `oci:${images.oci}:bookworm`, `test/bookworm:${tag}`, { creds: `tester:${PASSWORD}` });
  const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  digest = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!.digest;
});
after(async () => {
  await reg?.stop();
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

const metric = (text: string, name: string): number => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1] ?? NaN);

for (const { kind, make } of adapters) {
  describe(`configured registries on ${kind}`, () => {
    it("refuses a name resolving to loopback until configured; seals credentials; scans with them; analyses a digest once", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 2, allowLocalTargets: false, resolver });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        const host = `registry.test:${reg.host.split(":")[1]}`;
        const ref = (tail: string) => `${host}/test/bookworm${tail}`;

        const refused = await admin("POST", "/images", { reference: ref(":latest") });
        assert.equal(refused.status, 400);
        assert.match(((await refused.json()) as { detail: string }).detail, /private address/);

        const created = await admin("POST", "/registries", { host, insecure: true, credentials: { username: "tester", password: PASSWORD } });
        assert.equal(created.status, 201);
        const createdText = await created.text();
        assert.ok(!createdText.includes(PASSWORD) && !createdText.includes("tester"), "credentials are write-only");
        const registry = JSON.parse(createdText) as { id: string; host: string; insecure: boolean; credentials: string };
        assert.deepEqual([registry.host, registry.insecure, registry.credentials], [host, true, "basic"]);
        assert.equal((await admin("POST", "/registries", { host })).status, 409);
        assert.equal((await admin("POST", "/registries", { host: "other.example", bogus: 1 })).status, 400);
        assert.equal((await admin("POST", "/registries", { host: "other.example", credentials: { username: "u" } })).status, 400);
        assert.equal((await admin("POST", "/registries", { host: "not a host" })).status, 400);
        const listed = await (await reader("GET", "/registries")).text();
        assert.ok(!listed.includes(PASSWORD));
        assert.deepEqual((JSON.parse(listed) as { items: { id: string }[] }).items.map((r) => r.id), [registry.id]);
        assert.equal((await reader("GET", `/registries/${registry.id}`)).status, 200);
        const [row] = await server.db.all<{ secret: string; key_id: string }>("SELECT secret, key_id FROM registries");
        assert.ok(row && !row.secret.includes(PASSWORD) && row.secret.startsWith(`dredge-secret-v1:${row.key_id}:`), "sealed at rest");

        assert.equal((await admin("POST", "/images", { reference: "ghcr.io/org/app:1", credentials: registry.id })).status, 400, "credentials of another registry");
        assert.equal((await admin("POST", "/images", { reference: ref(":latest"), credentials: "6f1c2c4e-8f55-4d2b-9d7e-0a5c0f7b3b11" })).status, 400);

        // The tag, the digest and another tag of the same image, at once: one analysis, two reuses.
        const posts = await Promise.all([ref(":latest"), ref(`@${digest}`), ref(":v2")].map((reference) => admin("POST", "/images", { reference, credentials: registry.id })));
        assert.deepEqual(posts.map((r) => r.status), [202, 202, 202]);
        const ids = ((await Promise.all(posts.map((r) => r.json()))) as { scanId: string }[]).map((b) => b.scanId);
        for (const id of ids) {
          const scan = await waitForScan(admin, id);
          assert.deepEqual([scan.state, scan.digest], ["done", digest], scan.error ?? "");
        }
        const metrics = await (await admin("GET", "/metrics")).text();
        assert.equal(metric(metrics, "dredge_scans_reused_total"), 2);
        const lookups = metric(metrics, "dredge_layer_cache_hits_total") + metric(metrics, "dredge_layer_cache_misses_total");
        assert.equal(lookups, testImages().expected.bookworm.layers, "the layers were looked at by one analysis");
        const image = (await (await admin("GET", `/images/${digest}`)).json()) as { registry: string; repo: string; tag: string };
        assert.deepEqual([image.registry, image.repo], [host, "test/bookworm"]);
        assert.ok(["latest", "v2"].includes(image.tag), image.tag);

        // A rescan by digest alone, from the catalog's record.
        const again = await admin("POST", "/images", { digest });
        assert.equal(again.status, 202);
        assert.equal((await waitForScan(admin, ((await again.json()) as { scanId: string }).scanId)).state, "done");

        // Without its credentials the registry refuses the scan: the credentials were what let it in.
        const cleared = (await (await admin("PUT", `/registries/${registry.id}`, { host, insecure: true, credentials: null })).json()) as { credentials: unknown };
        assert.equal(cleared.credentials, null);
        const denied = await waitForScan(admin, ((await (await admin("POST", "/images", { reference: ref(":latest") })).json()) as { scanId: string }).scanId);
        assert.equal(denied.state, "failed");
        assert.match(denied.error ?? "", /auth|401|credential/i);

        assert.equal((await admin("DELETE", `/registries/${registry.id}`)).status, 204);
        assert.equal((await admin("GET", `/registries/${registry.id}`)).status, 404);
        assert.equal((await admin("POST", "/images", { reference: ref(":v2") })).status, 400, "no longer allowed");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
