/**
 * The background indexer of the findings index. Findings depend on the vulnerability database, so each image
 * is indexed per database version: after each scan (the in-process workers call `indexNow` before they mark
 * the scan done), and in batches whenever images have no rows for the version in use — a new database, images
 * stored before this schema, or by workers of another process. Batches go most recently seen first. When no
 * image is pending, rows of older database builds are dropped. A process whose database is older than one
 * already indexed by another process stands down (its queries say the index is incomplete) rather than fight.
 * Packages stored before the package index existed are indexed here once.
 */
import { pollLoop } from "../poll-loop.js";
import { errorMessage } from "../../errors.js";
import type { Inventory } from "../../model/inventory.js";
import type { Logger } from "../../util/log.js";
import { indexInventory } from "../catalog/package-index.js";
import { one, type SqlDatabase } from "../db/sql.js";
import type { FindingsService, IndexedImage } from "../findings.js";
import { dbVersionOf, storeFindings, type DbVersion, type IndexResult } from "./findings-store.js";
import { rowsOf, storedOf } from "./rows.js";

export interface IndexStatus {
  /** The database version queries read. */
  version: string;
  /** Images whose findings for that version are not indexed yet. */
  pending: number;
  complete: boolean;
}

export interface FleetIndexer {
  /** Pending images of the version in use, counted now. */
  status(): Promise<IndexStatus>;
  /** Whether every image has its current verdict by the active policy stored (true without one, or without verdicts). */
  verdictsComplete(): Promise<boolean>;
  /** Indexes these images now (a scan just stored them). */
  indexNow(digests: readonly string[]): Promise<void>;
  /** Look for pending images now rather than at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

export interface IndexerSettings {
  db: SqlDatabase;
  findings: Pick<FindingsService, "indexImage" | "version" | "builtAt">;
  logger: Logger;
  /** How often to look for pending images when idle. */
  pollMs: number;
  /** Images per batch. */
  batch?: number;
  /**
   * True while the monitor re-evaluates this database version from a delta (src/server/monitor/): its images
   * are re-matched or carried forward there, so they are not pending here and older rows are not pruned yet.
   */
  deferred?: (version: string) => Promise<boolean>;
  /** After an image's findings were stored, with what indexing computed (its failures are logged, not the indexer's). */
  afterIndex?: (digest: string, inventory: Inventory, inventoryAt: number, indexed: IndexedImage) => Promise<void>;
  /**
   * The active policy's verdicts, computed and stored for every image once its findings are indexed (so the
   * image list can filter by verdict): images without a current one, and evaluating one (true: stored).
   */
  verdicts?: {
    /** The active policy's revision (none: no active policy), from the server's policy store (kept in memory). */
    revision(): Promise<string | undefined>;
    pending(limit: number): Promise<string[]>;
    evaluate(digest: string): Promise<boolean>;
  };
}

const PENDING = `FROM images i WHERE NOT EXISTS (SELECT 1 FROM image_summaries s WHERE s.db_version = ? AND s.digest = i.digest)`;

/** Images minus their summaries for `version` (a summary exists only for an existing image): two index counts, not an anti-join. */
export async function pendingCount(db: SqlDatabase, version: string): Promise<number> {
  const r = await one<{ images: number; indexed: number }>(
    db,
    "SELECT (SELECT COUNT(*) FROM images) AS images, (SELECT COUNT(*) FROM image_summaries WHERE db_version = ?) AS indexed",
    [version],
  );
  return Math.max(0, (r?.images ?? 0) - (r?.indexed ?? 0));
}


/**
 * Lets the event loop run (requests, timers) between two images. On SQLite every statement resolves at once,
 * so without it a batch is one chain of microtasks and holds every request until it ends.
 */
export const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

export function startIndexer(settings: IndexerSettings): FleetIndexer {
  const { db, findings, logger } = settings;
  const batch = settings.batch ?? 50;
  let prunedFor: string | undefined;
  // Whether verdicts may be missing: at start, after images were indexed or on wake(); a new policy revision or
  // database version is seen by `pending` itself (the key of the current verdict).
  let verdictsDirty = true;
  let verdictsKey: string | undefined;

  const current = (): DbVersion => dbVersionOf(findings.version(), findings.builtAt());

  // The background loop and a worker's indexNow may reach one digest at once: the second waits for the first, so
  // a worker marks its scan done only after the image's reports were precomputed (whichever caller did it).
  const inflight = new Map<string, Promise<void>>();
  async function indexOne(version: DbVersion, digest: string): Promise<void> {
    for (let running = inflight.get(digest); running; running = inflight.get(digest)) await running.catch(() => undefined);
    const p = indexImageOnce(version, digest).finally(() => {
      if (inflight.get(digest) === p) inflight.delete(digest);
    });
    inflight.set(digest, p);
    return p;
  }

  async function indexImageOnce(version: DbVersion, digest: string): Promise<void> {
    const row = await one<{ inventory: string; created_at: number }>(db, "SELECT inventory, created_at FROM inventories WHERE digest = ?", [digest]);
    if (!row) return;
    let result: IndexResult;
    let inventory: Inventory | undefined;
    let indexed: IndexedImage | undefined;
    try {
      inventory = JSON.parse(row.inventory) as Inventory;
      indexed = await findings.indexImage(inventory);
      // The database was switched meanwhile: these findings are of another version (the next batch redoes the image).
      if (indexed.version !== version.id) return;
      result = { findings: indexed.findings, answer: indexed.answer, match: indexed.match, keys: indexed.keys };
    } catch (err) {
      logger.warn("indexing findings failed", { digest, error: errorMessage(err) });
      result = { error: errorMessage(err) };
    }
    const stored = await storeFindings(db, version, digest, row.created_at, result);
    if (stored && inventory && indexed && "findings" in result && settings.afterIndex) {
      await settings.afterIndex(digest, inventory, Number(row.created_at), indexed).catch((err: unknown) => logger.warn("precomputing reports failed", { digest, error: errorMessage(err) }));
    }
  }

  async function backfillPackages(): Promise<number> {
    const rows = await db.all<{ digest: string }>("SELECT digest FROM images WHERE packages_indexed = 0 LIMIT ?", [batch]);
    for (const { digest } of rows) {
      await turn();
      try {
        await db.tx(async (q) => {
          const inv = await one<{ inventory: string }>(q, "SELECT inventory FROM inventories WHERE digest = ?", [digest]);
          if (inv) await indexInventory(q, digest, JSON.parse(inv.inventory) as Inventory);
          else await q.run("UPDATE images SET packages_indexed = 1 WHERE digest = ?", [digest]);
        });
      } catch (err) {
        // One unreadable inventory must not hold up the others: it stays out of the package index.
        logger.warn("indexing packages failed", { digest, error: errorMessage(err) });
        await db.run("UPDATE images SET packages_indexed = 1 WHERE digest = ?", [digest]);
      }
    }
    return rows.length;
  }

  /** The active policy's revision with the database version: what a current verdict is of (none: no active policy). */
  async function verdictKey(version: string): Promise<string | undefined> {
    const revision = await settings.verdicts?.revision();
    return revision ? `${revision}|${version}` : undefined;
  }

  /** Evaluates a batch of images without a current verdict; returns whether one was stored (more may follow). */
  async function sweepVerdicts(version: string): Promise<boolean> {
    if (!settings.verdicts) return false;
    const key = await verdictKey(version);
    if (!key || (!verdictsDirty && key === verdictsKey)) return false;
    const digests = await settings.verdicts.pending(batch);
    let stored = 0;
    for (const digest of digests) {
      if (loop.stopped) return false;
      await turn();
      try {
        if (await settings.verdicts.evaluate(digest)) stored++;
      } catch (err) {
        logger.warn("evaluating the policy failed", { digest, error: errorMessage(err) });
      }
    }
    // Done when none is left, or none of those left can be evaluated (they are retried when something changes).
    if (stored === 0) [verdictsDirty, verdictsKey] = [false, key];
    return stored > 0;
  }

  /** One step; returns whether there may be more to do at once. */
  async function step(): Promise<boolean> {
    if ((await backfillPackages()) > 0) return true;
    const version = current();
    const newer = await one(db, "SELECT 1 AS x FROM image_summaries WHERE db_built > ? LIMIT 1", [version.built]);
    if (newer) return false;
    if (await settings.deferred?.(version.id)) return false;
    const rows = await db.all<{ digest: string }>(`SELECT i.digest ${PENDING} ORDER BY i.last_seen DESC, i.digest LIMIT ?`, [version.id, batch]);
    for (const { digest } of rows) {
      if (loop.stopped) return false;
      await turn();
      await indexOne(version, digest);
    }
    if (rows.length > 0) return (verdictsDirty = true);
    if (await sweepVerdicts(version.id)) return true;
    if (prunedFor !== version.id) {
      // Rows of older database builds: nothing reads them once this version is complete, but for the rows a
      // summary of this version still points at (an image the updates did not affect: src/server/fleet/rows.ts).
      const older = [version.built];
      const kept = (table: string, of: (s: string) => string) =>
        `DELETE FROM ${table} WHERE db_built < ? AND NOT EXISTS (SELECT 1 FROM image_summaries s WHERE s.db_version = ? AND s.digest = ${table}.digest AND ${of("s")} = ${table}.db_version)`;
      const f = await db.run(kept("image_findings", rowsOf), [version.built, version.id]);
      const a = await db.run(kept("image_answers", storedOf), [version.built, version.id]);
      const m = await db.run(kept("image_matches", storedOf), [version.built, version.id]);
      const s = await db.run("DELETE FROM image_summaries WHERE db_built < ?", older);
      if (f + s + a + m > 0) logger.info("findings of older databases removed", { findings: f, summaries: s, answers: a, matches: m });
      prunedFor = version.id;
    }
    return false;
  }

  const loop = pollLoop({ step, pollMs: settings.pollMs, onError: (err) => logger.error("the findings indexer failed", { error: errorMessage(err) }) });

  return {
    async status() {
      const version = findings.version();
      const pending = await pendingCount(db, version);
      return { version, pending, complete: pending === 0 };
    },
    async verdictsComplete() {
      if (!settings.verdicts) return true;
      const key = await verdictKey(current().id);
      return key === undefined || (!verdictsDirty && key === verdictsKey);
    },
    async indexNow(digests) {
      const version = current();
      for (const d of digests) await indexOne(version, d);
      verdictsDirty = true;
    },
    wake: () => {
      verdictsDirty = true;
      loop.wake();
    },
    stop: () => loop.stop(),
  };
}
