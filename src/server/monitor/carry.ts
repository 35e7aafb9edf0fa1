/**
 * Carrying unaffected images forward to a new database version. The delta says nothing they contain changed,
 * so what a re-match would compute is what they have: their summary row and policy evaluations of the previous
 * version are copied under the new one, the summary pointing at the version that holds their findings rows,
 * stored answer and stored match (src/server/fleet/rows.ts) — those stay where they are, nothing is read,
 * matched or re-encoded. Answers and matches of a stale database carry its warning: for one, the new summary
 * points at none, and they are computed again on read. Batches of images, each in one transaction that only
 * carries images with no summary of the new version yet: a run killed half way carries the rest when it
 * resumes, and nothing twice.
 */
import type { ScanReport } from "../../model/finding.js";
import type { Querier, SqlDatabase } from "../db/sql.js";
import { rowsOf, storedOf } from "../fleet/rows.js";
import type { MonitorRun } from "./runs.js";

const BATCH = 500;

export interface CarryInfo {
  from: NonNullable<ScanReport["database"]>;
  to: NonNullable<ScanReport["database"]>;
}

/**
 * The next images to carry, in digest order after `after` (the previous batch's last: each batch reads only
 * summaries it has not seen, instead of skipping every image carried so far — on PostgreSQL that made the
 * batches of a 10,000-image fleet cost 0.6 s each). A run that resumes starts from the first digest again.
 */
async function batchOf(q: Querier, run: MonitorRun, after: string | undefined): Promise<string[]> {
  const rows = await q.all<{ digest: string }>(
    `SELECT s.digest FROM image_summaries s WHERE s.db_version = ?${after === undefined ? "" : " AND s.digest > ?"}
       AND NOT EXISTS (SELECT 1 FROM image_summaries t WHERE t.db_version = ? AND t.digest = s.digest)
       AND NOT EXISTS (SELECT 1 FROM monitor_run_images r WHERE r.run_id = ? AND r.digest = s.digest)
     ORDER BY s.digest LIMIT ?`,
    [run.from!.id, ...(after === undefined ? [] : [after]), run.to.id, run.id, BATCH],
  );
  return rows.map((r) => r.digest);
}

async function copy(q: Querier, run: MonitorRun, digests: readonly string[], info: CarryInfo | undefined, at: number): Promise<void> {
  const from = run.from!;
  const to = run.to;
  const ph = digests.map(() => "?").join(", ");
  const keepStored = info !== undefined && !info.from.stale && !info.to.stale;
  await q.run(
    `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at, rows_version, stored_version)
     SELECT ?, ?, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, ?, ${rowsOf("image_summaries")}, ${keepStored ? storedOf("image_summaries") : "NULL"}
     FROM image_summaries WHERE db_version = ? AND digest IN (${ph}) ON CONFLICT DO NOTHING`,
    [to.id, to.built, at, from.id, ...digests],
  );
  await q.run(
    `INSERT INTO policy_evaluations (id, digest, stored_at, policy_id, revision, db_version, final_action, evaluation, created_at)
     SELECT id || ?, digest, stored_at, policy_id, revision, ?, final_action, evaluation, created_at FROM policy_evaluations
     WHERE db_version = ? AND digest IN (${ph}) ON CONFLICT DO NOTHING`,
    [`@${to.built}`, to.id, from.id, ...digests],
  );
}

/** Copies every unaffected image of the run forward; returns how many it copied. `yieldEvery` lets the event loop run between batches. */
export async function carryForward(db: SqlDatabase, run: MonitorRun, info: CarryInfo | undefined, now: () => number, between: () => Promise<boolean>): Promise<number> {
  if (!run.from || run.from.id === run.to.id) return 0;
  let total = 0;
  let after: string | undefined;
  for (;;) {
    if (!(await between())) return total;
    const digests = await db.tx(async (q) => {
      const batch = await batchOf(q, run, after);
      if (batch.length === 0) return batch;
      await copy(q, run, batch, info, now());
      await q.run("UPDATE monitor_runs SET carried = carried + ? WHERE id = ?", [batch.length, run.id]);
      return batch;
    });
    total += digests.length;
    if (digests.length === 0) return total;
    after = digests[digests.length - 1];
  }
}
