/**
 * Runs superseded by another database switch (src/server/monitor/runs.ts), on SQLite and PostgreSQL: the images
 * a run had not re-matched yet move into the next run with the version their findings are of — through a chain
 * of switches too — while the images it had done stay done.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openDatabase } from "../../src/server/db/open.js";
import { fromVersionOf, getRun, pendingImages, planRun, type StoredDelta } from "../../src/server/monitor/runs.js";
import { adapters } from "./adapters.js";

const delta: StoredDelta = { vulnerabilities: {}, stats: { rowsCompared: 0, rowsDiffering: 0, vulnerabilitiesChanged: 0, packagesChanged: 0, namespacesChanged: 0 } };
const v = (n: number) => ({ id: `2026-05-0${n}T00:00:00Z|2|test`, built: Date.UTC(2026, 4, n) });
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const [A, B, C, D] = ["a", "b", "c", "d"].map(digest) as [string, string, string, string];

for (const { kind, make } of adapters) {
  describe(`superseded monitor runs on ${kind}`, () => {
    it("move their unfinished images into the next run, with the version their findings are of", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const plan = (n: number, digests: string[]) => planRun(db, { id: `db-update:${v(n).id}`, cause: "db-update", from: v(n - 1), to: v(n), delta, digests, at: n });
        assert.equal(await plan(2, [A, B, C]), true);
        await db.run("UPDATE monitor_run_images SET done = 1 WHERE digest = ?", [A]);
        // The database switches again before B and C are re-matched: D is what the new delta affects.
        assert.equal(await plan(3, [D]), true);
        const second = (await getRun(db, `db-update:${v(2).id}`))!;
        assert.equal(second.state, "superseded");
        const third = (await getRun(db, `db-update:${v(3).id}`))!;
        assert.equal(third.affected, 3);
        assert.deepEqual(await pendingImages(db, third.id, 10), [B, C, D].sort());
        assert.deepEqual([await fromVersionOf(db, third, B), await fromVersionOf(db, third, C), await fromVersionOf(db, third, D)], [v(1).id, v(1).id, v(2).id]);
        // Once more: B keeps the version it was indexed for, D moves with the third run's.
        assert.equal(await plan(4, []), true);
        const fourth = (await getRun(db, `db-update:${v(4).id}`))!;
        assert.deepEqual(await pendingImages(db, fourth.id, 10), [B, C, D].sort());
        assert.deepEqual([await fromVersionOf(db, fourth, B), await fromVersionOf(db, fourth, D)], [v(1).id, v(2).id]);
        assert.equal(await plan(4, []), false, "one run per version");
      } finally {
        await db.close();
        await t.drop();
      }
    });
  });
}
