import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDredgeError } from "../../src/errors.js";
import { openDatabase } from "../../src/server/db/open.js";
import { sqlQueue } from "../../src/server/queue/queue.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { adapters } from "./adapters.js";

for (const { kind, make } of adapters) {
  describe(`queue on ${kind}`, () => {
    const withQueue = async (fn: (q: ReturnType<typeof sqlQueue>, clock: { t: number }) => Promise<void>, cap = 100) => {
      const t = await make();
      const db = await openDatabase(t.url);
      const clock = { t: 1_000_000 };
      try {
        await fn(sqlQueue(db, { ...defaultQueueSettings, cap, leaseMs: 1000, backoffMs: 100, maxAttempts: 2 }, () => clock.t), clock);
      } finally {
        await db.close();
        await t.drop();
      }
    };

    it("runs manual before push before scheduled, and one active job per target", () =>
      withQueue(async (q) => {
        await q.enqueue("s", "s", "scheduled");
        await q.enqueue("p", "p", "push");
        const burst = await Promise.all(Array.from({ length: 50 }, () => q.enqueue("m", "m", "manual")));
        assert.equal(new Set(burst.map((r) => r.job.id)).size, 1);
        assert.equal(burst.filter((r) => r.created).length, 1);
        assert.deepEqual(await q.depth(), { manual: 1, push: 1, scheduled: 1, bulk: 0 });
        const order = [await q.claim("w"), await q.claim("w"), await q.claim("w")].map((j) => j?.target);
        assert.deepEqual(order, ["m", "p", "s"]);
        assert.equal(await q.claim("w"), undefined);
        // A finished target may be scanned again.
        const m = burst[0]!.job;
        assert.equal(await q.complete(m.id, "w", "sha256:m"), true);
        assert.equal((await q.enqueue("m", "m", "manual")).created, true);
      }));

    it("runs the bulk lane last, on at most one worker at a time, and never for a claimer without bulk work", () =>
      withQueue(async (q, clock) => {
        for (let i = 0; i < 3; i++) await q.enqueue(`rematch:${i}`, `rematch:${i}`, "bulk", { overCap: true });
        assert.equal(await q.claim("no-db", { bulk: false }), undefined, "a process that cannot re-match takes no bulk job");
        const first = await q.claim("w1");
        assert.equal(first?.lane, "bulk");
        assert.equal(await q.claim("w2"), undefined, "one bulk job at a time: the other workers stay free");
        // A push arriving while bulk jobs wait runs at once, on a free worker, and before the next bulk job.
        await q.enqueue("p", "p", "push");
        await q.enqueue("s", "s", "scheduled");
        const [p, sc] = [await q.claim("w2"), await q.claim("w3")];
        assert.deepEqual([p?.target, sc?.target], ["p", "s"]);
        await q.complete(p!.id, "w2", "sha256:p");
        await q.complete(sc!.id, "w3", "sha256:s");
        assert.equal(await q.claim("w2"), undefined);
        assert.equal(await q.complete(first!.id, "w1", ""), true);
        const second = await q.claim("w2");
        assert.ok(second?.lane === "bulk" && second.id !== first!.id);
        // A bulk job whose worker died (lease expired) no longer holds the lane.
        clock.t += 5_000;
        assert.equal((await q.claim("w3"))?.lane, "bulk");
      }));

    it("raises a queued job's lane when a more urgent request names it", () =>
      withQueue(async (q) => {
        const first = await q.enqueue("x", "x", "scheduled");
        const again = await q.enqueue("x", "x", "manual");
        assert.equal(again.job.id, first.job.id);
        assert.equal(again.job.lane, "manual");
      }));

    it("gives an expired lease's job to another worker; the dead worker cannot complete it", () =>
      withQueue(async (q, clock) => {
        const { job } = await q.enqueue("x", "x", "manual");
        assert.equal((await q.claim("dead"))?.id, job.id);
        assert.equal(await q.claim("other"), undefined, "leased");
        clock.t += 1001;
        const taken = await q.claim("other");
        assert.equal(taken?.id, job.id);
        assert.equal(taken?.attempts, 2);
        assert.equal(await q.complete(job.id, "dead", "sha256:x"), false);
        assert.equal(await q.complete(job.id, "other", "sha256:x"), true);
        assert.equal((await q.get(job.id))?.state, "done");
      }));

    it("retries with backoff, then fails; release gives a job back untried", () =>
      withQueue(async (q, clock) => {
        const { job } = await q.enqueue("x", "x", "manual");
        await q.claim("w");
        await q.fail(job.id, "w", "boom", true);
        assert.equal(await q.claim("w"), undefined, "backing off");
        clock.t += 100;
        assert.equal((await q.claim("w"))?.attempts, 2);
        await q.release(job.id, "w");
        assert.equal((await q.claim("w"))?.attempts, 2);
        await q.fail(job.id, "w", "boom", true);
        const failed = await q.get(job.id);
        assert.deepEqual([failed?.state, failed?.error], ["failed", "boom"]);
      }));

    it("refuses work past the lane's cap with RATE_LIMITED", () =>
      withQueue(async (q) => {
        await q.enqueue("a", "a", "scheduled");
        await q.enqueue("b", "b", "scheduled");
        await assert.rejects(q.enqueue("c", "c", "scheduled"), (e) => isDredgeError(e, "RATE_LIMITED"));
        assert.equal((await q.enqueue("c", "c", "manual")).created, true, "other lanes are not blocked");
      }, 2));
  });
}
