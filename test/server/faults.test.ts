/**
 * Faults: PostgreSQL restarting under a running server and workers (a private instance, never the shared one),
 * and the queue filled past its cap by concurrent clients. No accepted scan is lost, none is done twice, and
 * refused requests get a 429 that says when to come back.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan, type Api } from "./harness.js";
import { findPostgresBin, startPrivatePostgres } from "./private-postgres.js";
import { writeSmallImages, type SmallImage } from "./small-images.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(call: Api, reference: string): Promise<Response> {
  return call("POST", "/images", { reference, priority: "push" });
}

/** Every target scanned exactly once: one scan row, done, and one image per distinct manifest digest. */
async function assertScannedOnce(call: Api, db: { all: (sql: string) => Promise<Record<string, unknown>[]> }, images: readonly SmallImage[], ids: ReadonlyMap<string, string>): Promise<void> {
  for (const img of images) {
    const scan = await waitForScan(call, ids.get(img.path)!, 60_000);
    assert.equal(scan.state, "done", `${img.path}: ${scan.error ?? ""}`);
    assert.equal(scan.digest, img.manifestDigest);
  }
  const scans = await db.all("SELECT target, COUNT(*) AS n FROM scans GROUP BY target");
  assert.equal(scans.length, images.length);
  assert.ok(scans.every((r) => Number(r.n) === 1), "one scan per target");
  const digests = (await db.all("SELECT digest FROM images")).map((r) => r.digest as string).sort();
  assert.deepEqual(digests, images.map((i) => i.manifestDigest).sort());
  assert.equal((await db.all("SELECT digest FROM inventories")).length, images.length);
}

describe("PostgreSQL restarting mid-run (a private instance)", () => {
  const found = findPostgresBin();
  it("the API and the workers reconnect; no scan is lost or done twice", { skip: "missing" in found ? found.missing : false }, async () => {
    const bin = (found as { bin: string }).bin;
    const dir = await mkdtemp(join(tmpdir(), "dredge-fault-pg-"));
    const pgi = await startPrivatePostgres(bin);
    const apiServer = await startTestServer(pgi.url, { workers: 0 });
    const workers = await startTestServer(pgi.url, { workers: 2, listen: undefined, queue: { ...defaultQueueSettings, leaseMs: 1500, backoffMs: 200 } });
    try {
      const images = await writeSmallImages(dir, 40, 300);
      const call = api(apiServer.url, await apiServer.token("admin"));
      const ids = new Map<string, string>();
      for (const img of images.slice(0, 30)) {
        const res = await post(call, img.path);
        assert.equal(res.status, 202);
        ids.set(img.path, ((await res.json()) as { scanId: string }).scanId);
      }
      // Restart while scans are queued and running.
      const counts = async () => (await apiServer.db.all<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM scans GROUP BY state"));
      for (let i = 0; i < 200 && !(await counts()).some((r) => r.state === "done"); i++) await sleep(25);
      const before = await counts();
      await pgi.stop("immediate");
      // While it is down: the API says the catalog is not ready, a request fails cleanly (no crash).
      assert.equal((await call("GET", "/ready")).status, 503);
      assert.ok((await post(call, images[30]!.path)).status >= 500);
      await sleep(1000);
      await pgi.start();
      const unfinished = before.filter((r) => r.state !== "done").reduce((n, r) => n + Number(r.n), 0);
      assert.ok(unfinished > 0, `scans were in flight at the restart: ${JSON.stringify(before)}`);
      for (let i = 0; i < 100 && (await call("GET", "/ready")).status !== 200; i++) await sleep(100);
      assert.equal((await call("GET", "/ready")).status, 200);
      // Requests after the restart are accepted and scanned too.
      for (const img of images.slice(30)) {
        const res = await post(call, img.path);
        assert.equal(res.status, 202, await res.clone().text());
        ids.set(img.path, ((await res.json()) as { scanId: string }).scanId);
      }
      await assertScannedOnce(call, apiServer.db, images, ids);
    } finally {
      await workers.dispose().catch(() => undefined);
      await apiServer.dispose().catch(() => undefined);
      await pgi.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

for (const { kind, make } of adapters) {
  describe(`a full queue under concurrent load on ${kind}`, () => {
    it("answers 429 with Retry-After past the cap; clients that come back get every scan done once", async () => {
      const dir = await mkdtemp(join(tmpdir(), "dredge-fault-cap-"));
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1, queue: { ...defaultQueueSettings, cap: 4, leaseMs: 1500, backoffMs: 200 } });
      try {
        const images = await writeSmallImages(dir, 24, 300);
        const call = api(server.url, await server.token("scanner"));
        const ids = new Map<string, string>();
        let refused = 0;
        // 24 clients, each posting its image twice at once, then coming back after Retry-After when refused.
        await Promise.all(
          images.map(async (img) => {
            for (let attempt = 0; attempt < 200; attempt++) {
              const responses = await Promise.all([post(call, img.path), post(call, img.path)]);
              const accepted: string[] = [];
              let retryAfter = 0;
              for (const res of responses) {
                if (res.status === 202) accepted.push(((await res.json()) as { scanId: string }).scanId);
                else {
                  assert.equal(res.status, 429, await res.clone().text());
                  assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
                  const problem = (await res.json()) as { status: number; code?: string; detail?: string };
                  assert.equal(problem.status, 429);
                  assert.match(problem.detail ?? "", /queue is full/);
                  const header = res.headers.get("retry-after") ?? "";
                  assert.match(header, /^[1-9]\d*$/, "Retry-After in whole seconds");
                  retryAfter = Number(header);
                  refused++;
                }
              }
              if (accepted.length > 0) {
                assert.equal(new Set(accepted).size, 1, "both requests name the same scan");
                ids.set(img.path, accepted[0]!);
                return;
              }
              // Come back later (scaled down: the test's Retry-After is 1 s; waiting a fraction keeps it short).
              await sleep(retryAfter * 100 + Math.random() * 100);
            }
            assert.fail(`${img.path} was never accepted`);
          }),
        );
        assert.ok(refused > 0, "the burst went past the cap");
        assert.equal(ids.size, images.length);
        await assertScannedOnce(call, server.db, images, ids);
        const depth = await server.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM scans WHERE state = 'queued'");
        assert.equal(Number(depth[0]!.n), 0);
      } finally {
        await server.dispose();
        await t.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
