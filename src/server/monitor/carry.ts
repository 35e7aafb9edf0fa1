/**
 * Carrying unaffected images forward to a new database version: their findings, summary, stored answer, stored
 * match and policy evaluations of the previous version are copied under the new one by SQL (the match is
 * re-encoded to name the new database) (no inventory is read, no
 * package matched). The delta says nothing they contain changed, so the copies are what a re-match would
 * compute. Batches of images, each in one transaction that only copies images with no row of the new version
 * yet: a run killed half way copies the rest when it resumes, and nothing twice.
 */
import type { ScanReport } from "../../model/finding.js";
import type { Querier, SqlDatabase } from "../db/sql.js";
import { rebaseMatch } from "../fleet/matches.js";
import type { MonitorRun } from "./runs.js";

const BATCH = 500;

/** The stored answer's first bytes: `{"database":<info>` (src/server/fleet/answers.ts), which the copy rewrites to the new database. */
export const answerPrefix = (info: NonNullable<ScanReport["database"]>): string => `{"database":${JSON.stringify(info)}`;

export interface CarryInfo {
  from: NonNullable<ScanReport["database"]>;
  to: NonNullable<ScanReport["database"]>;
}

async function batchOf(q: Querier, run: MonitorRun): Promise<string[]> {
  const rows = await q.all<{ digest: string }>(
    `SELECT s.digest FROM image_summaries s WHERE s.db_version = ?
       AND NOT EXISTS (SELECT 1 FROM image_summaries t WHERE t.db_version = ? AND t.digest = s.digest)
       AND NOT EXISTS (SELECT 1 FROM monitor_run_images r WHERE r.run_id = ? AND r.digest = s.digest)
     ORDER BY s.digest LIMIT ?`,
    [run.from!.id, run.to.id, run.id, BATCH],
  );
  return rows.map((r) => r.digest);
}

/** The stored matches (src/server/fleet/matches.ts), naming the new database: a filtered read then needs no match. */
async function carryMatches(q: Querier, run: MonitorRun, digests: readonly string[], info: CarryInfo): Promise<void> {
  const rows = await q.all<{ digest: string; inventory_at: number; core: Buffer; listing: Buffer }>(
    `SELECT digest, inventory_at, core, listing FROM image_matches WHERE db_version = ? AND digest IN (${digests.map(() => "?").join(", ")})`,
    [run.from!.id, ...digests],
  );
  for (const r of rows) {
    await q.run(
      "INSERT INTO image_matches (digest, db_version, db_built, inventory_at, core, listing) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      [r.digest, run.to.id, run.to.built, Number(r.inventory_at), rebaseMatch(r.core, info.to), r.listing],
    );
  }
}

async function copy(q: Querier, run: MonitorRun, digests: readonly string[], info: CarryInfo | undefined, at: number): Promise<void> {
  const from = run.from!;
  const to = run.to;
  const ph = digests.map(() => "?").join(", ");
  await q.run(
    `INSERT INTO image_findings (db_version, db_built, digest, match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev)
     SELECT ?, ?, digest, match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev FROM image_findings
     WHERE db_version = ? AND digest IN (${ph})`,
    [to.id, to.built, from.id, ...digests],
  );
  await q.run(
    `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at)
     SELECT ?, ?, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, ? FROM image_summaries
     WHERE db_version = ? AND digest IN (${ph}) ON CONFLICT DO NOTHING`,
    [to.id, to.built, at, from.id, ...digests],
  );
  if (info && !info.from.stale && !info.to.stale) {
    // Answers of a stale database carry its warning: they are computed again on read instead.
    const a = answerPrefix(info.from);
    const b = answerPrefix(info.to);
    await q.run(
      `INSERT INTO image_answers (digest, db_version, db_built, inventory_at, answer)
       SELECT digest, ?, ?, inventory_at, ? || SUBSTR(answer, ?) FROM image_answers
       WHERE db_version = ? AND SUBSTR(answer, 1, ?) = ? AND digest IN (${ph}) ON CONFLICT DO NOTHING`,
      [to.id, to.built, b, a.length + 1, from.id, a.length, a, ...digests],
    );
  }
  if (info && !info.from.stale && !info.to.stale) await carryMatches(q, run, digests, info);
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
  for (;;) {
    if (!(await between())) return total;
    const n = await db.tx(async (q) => {
      const digests = await batchOf(q, run);
      if (digests.length === 0) return 0;
      await copy(q, run, digests, info, now());
      await q.run("UPDATE monitor_runs SET carried = carried + ? WHERE id = ?", [digests.length, run.id]);
      return digests.length;
    });
    total += n;
    if (n === 0) return total;
  }
}
