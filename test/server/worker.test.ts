import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DredgeError } from "../../src/errors.js";
import type { Inventory } from "../../src/model/inventory.js";
import type { ScanHooks } from "../../src/scan/index.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { catalogLayerCache } from "../../src/server/catalog/layer-cache.js";
import { openDatabase } from "../../src/server/db/open.js";
import { sqlQueue } from "../../src/server/queue/queue.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { startWorkers, type WorkerDeps } from "../../src/server/worker/pool.js";
import { silentLogger } from "../../src/util/log.js";
import { adapters } from "./adapters.js";
import { fixtureDatabase, testScanOptions } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const inventory: Inventory = {
  target: { name: "app.tar", source: "docker-archive", repoTags: ["example.com/app:1"], repoDigests: [], imageId: `sha256:${"c".repeat(64)}` },
  os: { family: "debian", name: "12" },
  packages: [],
  layers: [],
  warnings: [],
};

type Fake = NonNullable<WorkerDeps["inventory"]>;

for (const { kind, make } of adapters) {
  describe(`workers on ${kind}`, () => {
    const withWorkers = async (fake: Fake, fn: (env: { queue: ReturnType<typeof sqlQueue>; stop: (graceMs: number) => Promise<void>; catalog: ReturnType<typeof sqlCatalog> }) => Promise<void>) => {
      const t = await make();
      const dir = await mkdtemp(join(tmpdir(), "dredge-worker-"));
      const db = await openDatabase(t.url);
      const queue = sqlQueue(db, { ...defaultQueueSettings, backoffMs: 20, leaseMs: 5000 });
      const catalog = sqlCatalog(db);
      const pool = startWorkers(1, {
        queue, catalog, layerCache: catalogLayerCache(db), options: await testScanOptions(), logger: silentLogger, cacheDir: dir, tmpDir: dir,
        leaseMs: 5000, pollMs: 20, metrics: { started: 0, failed: 0, done: 0 }, inventory: fake,
      });
      let stopped = false;
      try {
        await fn({ queue, catalog, stop: (ms) => ((stopped = true), pool.stop(ms)) });
      } finally {
        if (!stopped) await pool.stop(0);
        await db.close();
        await rm(dir, { recursive: true, force: true });
        await t.drop();
      }
    };
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
    };

    it("stores the inventory with the catalog's layer cache and retries a transient failure", async () => {
      let calls = 0;
      let hooksSeen: ScanHooks | undefined;
      const fake: Fake = async (_t, _o, hooks) => {
        hooksSeen = hooks;
        if (++calls === 1) throw new Error("connection reset");
        return [inventory];
      };
      await withWorkers(fake, async ({ queue, catalog }) => {
        const { job } = await queue.enqueue("/x/app.tar", "local:/x/app.tar", "manual");
        await until(async () => (await queue.get(job.id))?.state === "done");
        const done = await queue.get(job.id);
        assert.deepEqual([done?.state, done?.attempts, done?.digest], ["done", 2, inventory.target.imageId]);
        assert.ok(hooksSeen?.layerCache, "the shared cache reaches the pipeline");
        const image = await catalog.getImage(inventory.target.imageId!);
        assert.deepEqual([image?.repo, image?.tag, image?.distro, image?.verified], ["app", "1", "debian 12", true]);
      });
    });

    it("fails at once on errors a retry cannot fix", async () => {
      await withWorkers(async () => { throw new DredgeError("INVALID_ARCHIVE", "not an image archive"); }, async ({ queue }) => {
        const { job } = await queue.enqueue("/x/bad.tar", "local:/x/bad.tar", "manual");
        await until(async () => (await queue.get(job.id))?.state === "failed");
        const failed = await queue.get(job.id);
        assert.deepEqual([failed?.state, failed?.attempts, failed?.error], ["failed", 1, "not an image archive"]);
      });
    });

    it("on stop, releases a running scan to the queue untried once the grace period is over", async () => {
      const slow: Fake = (_t, _o, hooks) => new Promise((_, reject) => hooks.signal!.addEventListener("abort", () => reject(new Error("aborted"))));
      await withWorkers(slow, async ({ queue, stop }) => {
        const { job } = await queue.enqueue("/x/slow.tar", "local:/x/slow.tar", "manual");
        await until(async () => (await queue.get(job.id))?.state === "running");
        await stop(50);
        const back = await queue.get(job.id);
        assert.deepEqual([back?.state, back?.attempts], ["queued", 0]);
      });
    });
  });
}
