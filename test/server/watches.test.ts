/**
 * Watched repositories against Debian's docker-registry, both storage adapters, with an injected clock: the
 * first poll (due at once) queues the matching tag's digest; nothing more until the interval has passed on the
 * clock; then a newly pushed matching tag is queued — exactly it (a tag sharing a known digest, and a tag
 * outside the glob, are not); maxTags bounds a poll; input errors, 409, delete.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, startTestServer } from "./harness.js";

let reg: TestRegistry;
const digests: Record<string, string> = {};

before(async () => {
  reg = await startRegistry();
  const images = testImages();
  const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  for (const m of index.manifests) digests[m.annotations?.["org.opencontainers.image.ref.name"] ?? ""] = m.digest;
});
after(async () => reg?.stop());

interface Watch { id: string; lastPollAt: number | null; lastError: string | null; nextPollAt: number }

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const { kind, make } of adapters) {
  describe(`watched repositories on ${kind}`, () => {
    it("polls on the clock's schedule and queues exactly the new digests", async () => {
      const t = await make();
      let now = 1_900_000_000_000;
      const server = await startTestServer(t.url, { workers: 0, allowLocalTargets: false, allowRegistries: [reg.host], clock: () => now, watchTickMs: 100 });
      try {
        const repo = `team/app-${kind}`;
        await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, `${repo}:1.0`);
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        const scans = async () => (await server.db.all<{ target: string; lane: string }>("SELECT target, lane FROM scans ORDER BY created_at")).map((r) => `${r.lane} ${r.target}`);
        const watchOf = async (id: string) => (await (await reader("GET", `/watches/${id}`)).json()) as Watch;

        for (const bad of [{ repository: `${reg.host}/${repo}:1.0` }, { repository: `${reg.host}/${repo}`, interval: "1s" }, { repository: `${reg.host}/${repo}`, tags: "a/b" }, { repository: `${reg.host}/${repo}`, maxTags: 0 }, { repository: "10.9.9.9:5000/team/app" }]) {
          assert.equal((await admin("POST", "/watches", bad)).status, 400, JSON.stringify(bad));
        }
        assert.equal((await reader("POST", "/watches", { repository: `${reg.host}/${repo}` })).status, 403);

        const res = await admin("POST", "/watches", { repository: `${reg.host}/${repo}`, tags: "1.*", interval: "1m" });
        assert.equal(res.status, 201, `${res.status} ${await res.clone().text()}`);
        const watch = (await res.json()) as Watch;
        assert.equal((await admin("POST", "/watches", { repository: `${reg.host}/${repo}`, tags: "1.*" })).status, 409);

        // The first poll is due at once.
        await until("the first poll", () => watchOf(watch.id), (w) => w.lastPollAt === now);
        assert.deepEqual(await scans(), [`scheduled registry:${reg.host}/${repo}@${digests.bookworm}`]);

        await pushImage(reg.host, `oci:${testImages().oci}:rocky9-rpm`, `${repo}:1.1`);
        await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, `${repo}:1.2`); // a known digest
        await pushImage(reg.host, `oci:${testImages().oci}:bookworm-arm64`, `${repo}:latest`); // outside the glob
        await new Promise((r) => setTimeout(r, 400));
        assert.equal((await watchOf(watch.id)).lastPollAt, now, "not due before the interval has passed");
        assert.equal((await scans()).length, 1);

        now += 61_000;
        await until("the second poll", () => watchOf(watch.id), (w) => w.lastPollAt === now);
        assert.deepEqual(await scans(), [`scheduled registry:${reg.host}/${repo}@${digests.bookworm}`, `scheduled registry:${reg.host}/${repo}@${digests["rocky9-rpm"]}`]);

        // Polling again finds nothing new.
        const again = await admin("POST", `/watches/${watch.id}/poll`);
        assert.equal(again.status, 200);
        assert.deepEqual(((await again.json()) as { queued: string[] }).queued, []);

        // maxTags bounds a poll and says so.
        const all = (await (await admin("POST", "/watches", { repository: `${reg.host}/${repo}`, tags: "*", maxTags: 2, interval: "1h" })).json()) as Watch;
        const pollRes = await admin("POST", `/watches/${all.id}/poll`);
        const polled = (await pollRes.json()) as { tags: number; skipped: number; queued: string[] };
        assert.equal(polled.tags, 2, JSON.stringify(polled));
        assert.equal(polled.skipped, 2);
        assert.match((await watchOf(all.id)).lastError ?? "", /4 tags match; the first 2 were read/);

        const list = (await (await reader("GET", "/watches")).json()) as { items: Watch[] };
        assert.equal(list.items.length, 2);
        assert.equal((await admin("DELETE", `/watches/${watch.id}`)).status, 204);
        assert.equal((await reader("GET", `/watches/${watch.id}`)).status, 404);
        assert.equal((await server.db.all("SELECT tag FROM watch_tags WHERE watch_id = ?", [watch.id])).length, 0, "its tags go with it");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
