/**
 * Re-evaluating one affected image of a run: its stored inventory is matched against the new database (no
 * pull, no layer read), compared with its findings of the previous version, and — in ONE transaction — its
 * findings index rows are replaced, the change is recorded in its history, every ChangeListener hears it
 * (the notification outbox writes in the same transaction) and the image is marked done in the run. A run
 * that resumes finds the image done and records nothing twice.
 */
import { randomUUID } from "node:crypto";
import type { Inventory } from "../../model/inventory.js";
import type { ScanReport } from "../../model/finding.js";
import type { PolicyAction } from "../../model/policy.js";
import type { StoredInventory } from "../catalog/catalog.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import type { FindingsService } from "../findings.js";
import { FINDING_ROW_COLUMNS, sameFindingRows, summarize, writeFindings } from "../fleet/findings-store.js";
import { ROWS_VERSION } from "../fleet/rows.js";
import { diffFindings, isEmpty, type FindingRow } from "./diff.js";
import type { ChangeListener, ImageChange } from "./events.js";
import { fromVersionOf, type MonitorRun } from "./runs.js";

export interface ReevaluateDeps {
  db: SqlDatabase;
  findings: Pick<FindingsService, "indexImage">;
  /** The active policy's verdict on the image with this report (undefined: no policy, or the image is unknown to verdicts). */
  verdict?: (digest: string, report: ScanReport, at: number, stored: StoredInventory) => Promise<PolicyAction | undefined>;
  /** The verdict of the previous version, when one was stored. */
  verdictBefore?: (digest: string, storedAt: number, dbVersion: string) => Promise<PolicyAction | undefined>;
  listeners: readonly ChangeListener[];
  now: () => number;
}

export type Outcome = "changed" | "unchanged" | "gone" | "done-already" | "other-version";

const references = async (q: Querier, digest: string): Promise<string[]> =>
  (await q.all<{ reference: string }>("SELECT reference FROM image_tags WHERE digest = ? ORDER BY last_seen DESC, reference", [digest])).map((r) => r.reference);

async function insertHistory(q: Querier, run: MonitorRun, change: ImageChange): Promise<boolean> {
  const n = await q.run(
    `INSERT INTO image_history (id, digest, at, cause, db_version, previous_db_version, run_id, new_count, resolved_count, changed_count,
       verdict_before, verdict_after, change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [randomUUID(), change.digest, change.at, change.cause, change.dbVersion, change.previousDbVersion ?? null, run.id, change.new.length,
      change.resolved.length, change.changed.length, change.verdict?.before ?? null, change.verdict?.after ?? null, JSON.stringify(change)],
  );
  return n > 0;
}

const markDone = async (q: Querier, run: MonitorRun, digest: string, changed: boolean) => {
  await q.run("UPDATE monitor_run_images SET done = 1 WHERE run_id = ? AND digest = ?", [run.id, digest]);
  await q.run("UPDATE monitor_runs SET rematched = rematched + 1, changed = changed + ? WHERE id = ?", [changed ? 1 : 0, run.id]);
};

/** Re-evaluates one image of `run` (whose `to` version is the database `findings` has open). */
export async function reevaluateImage(deps: ReevaluateDeps, run: MonitorRun, digest: string): Promise<Outcome> {
  const { db } = deps;
  const stored = await one<{ inventory: string; created_at: number }>(db, "SELECT inventory, created_at FROM inventories WHERE digest = ?", [digest]);
  if (!stored) {
    await db.tx((q) => markDone(q, run, digest, false));
    return "gone";
  }
  const storedAt = Number(stored.created_at);
  const inventory = JSON.parse(stored.inventory) as Inventory;
  const indexed = await deps.findings.indexImage(inventory);
  if (indexed.version !== run.to.id) return "other-version";
  const fromId = await fromVersionOf(db, run, digest);
  const rowsAt = (await one<{ v: string }>(db, `SELECT ${ROWS_VERSION} AS v`, [digest, fromId, fromId]))?.v ?? fromId;
  const before = await db.all<FindingRow>(`SELECT ${FINDING_ROW_COLUMNS} FROM image_findings WHERE digest = ? AND db_version = ?`, [digest, rowsAt]);
  const diff = diffFindings(before, indexed.findings, run.delta.vulnerabilities);
  // A re-match that finds exactly the rows it had leaves them where they are (most images of a full re-match after a
  // matcher upgrade, and those an update's changed package rows did not change): the new summary points at them.
  const keptRowsAt = (fromId === run.to.id || isEmpty(diff)) && sameFindingRows(before, indexed.findings) ? rowsAt : undefined;
  const at = deps.now();
  const verdictBefore = await deps.verdictBefore?.(digest, storedAt, fromId);
  const verdictAfter = await deps.verdict?.(digest, indexed.report, at, { inventory, storedAt });
  const verdictChanged = verdictBefore !== undefined && verdictAfter !== undefined && verdictBefore !== verdictAfter;
  return db.tx(async (q) => {
    const pending = await one<{ done: number }>(q, "SELECT done FROM monitor_run_images WHERE run_id = ? AND digest = ?", [run.id, digest]);
    if (!pending || Number(pending.done) === 1) return "done-already";
    const version = run.to;
    const result = { findings: indexed.findings, answer: indexed.answer, match: indexed.match, keys: indexed.keys };
    const wrote = await writeFindings(q, version, digest, storedAt, result, at, keptRowsAt);
    const changed = wrote && (!isEmpty(diff) || verdictChanged);
    if (changed) {
      const change: ImageChange = {
        digest, references: await references(q, digest), cause: run.cause, at, dbVersion: version.id, ...(fromId !== version.id ? { previousDbVersion: fromId } : {}),
        new: diff.new, resolved: diff.resolved, changed: diff.changed,
        ...(verdictBefore !== undefined || verdictAfter !== undefined ? { verdict: { ...(verdictBefore ? { before: verdictBefore } : {}), ...(verdictAfter ? { after: verdictAfter } : {}) } } : {}),
        counts: summarize(indexed.findings).counts,
      };
      if (await insertHistory(q, run, change)) for (const listen of deps.listeners) await listen(q, change);
    }
    await markDone(q, run, digest, changed);
    return changed ? "changed" : "unchanged";
  });
}
