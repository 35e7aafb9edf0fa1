/**
 * The monitor: re-evaluation of stored images from database deltas (docs/monitoring.md).
 *
 * - When the server switches to a new vulnerability database, the delta between the two is computed while
 *   both are open (src/db/delta.ts) and a run is planned in the catalog: the affected images (reverse index
 *   and findings by vulnerability id) to re-match, before the switch — so a server killed right after the
 *   switch still knows what to do.
 * - After the switch, the run carries the unaffected images forward by SQL copy and re-matches the affected
 *   ones from their stored inventories, each in one transaction with its history row and the listeners.
 * - A full re-match (`rematch()`, and automatically when the matcher or schema version changed with the same
 *   database) is a run whose images are re-matched by jobs of the queue's bulk lane.
 * One process works a run at a time (a catalog lock); runs resume after a restart.
 */
import { randomBytes } from "node:crypto";
import { mapConcurrent } from "../../util/array.js";
import { databaseDelta, type DeltaOptions } from "../../db/delta.js";
import { pollLoop } from "../poll-loop.js";
import { errorMessage } from "../../errors.js";
import type { PolicyAction } from "../../model/policy.js";
import type { Logger } from "../../util/log.js";
import type { Locks } from "../catalog/locks.js";
import { one, type SqlDatabase } from "../db/sql.js";
import type { FindingsService } from "../findings.js";
import { dbVersionOf, type DbVersion } from "../fleet/findings-store.js";
import { pendingCount } from "../fleet/indexer.js";
import type { Queue } from "../queue/queue.js";
import type { VerdictService } from "../verdicts.js";
import { carryForward, type CarryInfo } from "./carry.js";
import type { ChangeListener } from "./events.js";
import { reevaluateImage, type ReevaluateDeps } from "./reevaluate.js";
import {
  affectedImages, dbUpdateRunId, finishRun, getRun, openRuns, pendingImages, planRun, rematchRunId, snapshotTrends, type MonitorRun, type StoredDelta,
} from "./runs.js";

export interface MonitorSettings {
  db: SqlDatabase;
  findings: FindingsService;
  verdicts?: VerdictService;
  listeners: readonly ChangeListener[];
  locks: Locks;
  /** Where full re-match jobs go (the bulk lane); without it `rematch()` works the run in this process. */
  queue?: Queue;
  /** A bulk job was enqueued (wake the workers). */
  onEnqueued?: () => void;
  logger: Logger;
  now: () => number;
  pollMs: number;
  delta?: DeltaOptions;
  /** Images re-matched per step (and per bulk job). */
  batch?: number;
}

export interface Monitor {
  /** An open run re-evaluates this database version: the indexer leaves its images alone. */
  deferred(version: string): Promise<boolean>;
  /** Plans a full re-match of every stored image, worked by bulk-lane jobs. */
  rematch(): Promise<{ runId: string; images: number }>;
  /** Works one bulk job (`rematch:<run>#<n>`): a batch of the run's images, then enqueues the next. */
  bulkJob(target: string): Promise<void>;
  wake(): void;
  stop(): Promise<void>;
}

export const BULK_PREFIX = "rematch:";
const LOCK_TTL_MS = 60_000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Images re-evaluated at once by a run (see `rematchSome`). */
export const REMATCH_CONCURRENCY = 2;

function storedDelta(delta: ReturnType<typeof databaseDelta>, databases?: CarryInfo): StoredDelta & { databases?: CarryInfo } {
  return {
    vulnerabilities: Object.fromEntries(Object.entries(delta.vulnerabilities).filter(([, c]) => c.kinds.includes("epss"))),
    stats: { ...delta.stats, packagesChanged: delta.packages.length, namespacesChanged: delta.namespacesAdded.length + delta.namespacesRemoved.length },
    ...(databases ? { databases } : {}),
  };
}

export function startMonitor(settings: MonitorSettings): Monitor {
  const { db, findings, logger, now } = settings;
  const batch = settings.batch ?? 20;
  const holder = `monitor-${randomBytes(6).toString("hex")}`;
  let stopped = false;
  const current = (): DbVersion => dbVersionOf(findings.version(), findings.builtAt());

  const deps: ReevaluateDeps = {
    db, findings, listeners: settings.listeners, now,
    ...(settings.verdicts ? { verdict: verdictOf(settings.verdicts) } : {}),
    verdictBefore: async (digest, storedAt, dbVersion) =>
      (await one<{ final_action: PolicyAction }>(
        db,
        `SELECT e.final_action FROM policy_evaluations e JOIN policies p ON p.revision = e.revision AND p.active = 1
         WHERE e.digest = ? AND e.stored_at = ? AND e.db_version = ?`,
        [digest, storedAt, dbVersion],
      ))?.final_action,
  };

  findings.onSwitch(async (previous, next, versions) => {
    const from = dbVersionOf(versions.previous, previous.info.builtAt);
    const to = dbVersionOf(versions.next, next.info.builtAt);
    const started = performance.now();
    const delta = databaseDelta(previous.store, next.store, settings.delta);
    const digests = await affectedImages(db, from, delta);
    const planned = await planRun(db, {
      id: dbUpdateRunId(to.id), cause: "db-update", from, to, delta: storedDelta(delta, { from: previous.info, to: next.info }), digests, at: now(),
    });
    logger.info("database delta planned", {
      planned, rows: delta.stats.rowsCompared, packagesChanged: delta.packages.length, vulnerabilitiesChanged: delta.stats.vulnerabilitiesChanged,
      affected: digests.length, ms: Math.round(performance.now() - started),
    });
  });

  /** Re-matches up to `limit` pending images of the run; returns how many it did, or -1 when the database moved on. */
  /**
   * Re-evaluates up to `limit` pending images, REMATCH_CONCURRENCY at a time: while one image's rows are being
   * written (PostgreSQL's work, on another core), the next one is matched. 0 when stopped, -1 when the database
   * in use is no longer the run's.
   */
  async function rematchSome(run: MonitorRun, limit: number): Promise<number> {
    const digests = await pendingImages(db, run.id, limit);
    let otherVersion = false;
    await mapConcurrent(digests, REMATCH_CONCURRENCY, async (digest) => {
      if (stopped || otherVersion) return;
      await turn();
      if ((await reevaluateImage(deps, run, digest)) === "other-version") otherVersion = true;
    });
    return otherVersion ? -1 : stopped ? 0 : digests.length;
  }

  async function finishIfDone(run: MonitorRun): Promise<boolean> {
    if ((await pendingImages(db, run.id, 1)).length > 0) return false;
    await finishRun(db, run, now());
    const done = await getRun(db, run.id);
    logger.info("re-evaluation done", { run: run.id, affected: done?.affected, carried: done?.carried, rematched: done?.rematched, changed: done?.changed });
    return true;
  }

  async function work(run: MonitorRun): Promise<void> {
    const lock = `monitor:${run.id}`;
    if (!(await settings.locks.tryAcquire(lock, holder, LOCK_TTL_MS))) return;
    const keep = () => settings.locks.renew(lock, holder, LOCK_TTL_MS).then((ours) => ours && !stopped, () => false);
    try {
      if (run.cause === "db-update") {
        const info = (run.delta as StoredDelta & { databases?: CarryInfo }).databases;
        await carryForward(db, run, info, now, async () => (await turn(), keep()));
        for (;;) {
          if (!(await keep())) return;
          const n = await rematchSome(run, batch);
          if (n <= 0) break;
        }
      } else await ensureBulkJob(run);
      if (!stopped) await finishIfDone(run);
    } finally {
      await settings.locks.release(lock, holder).catch(() => undefined);
    }
  }

  /** A rematch run with images pending and no active job (its chain broke: a job failed for good) gets one, once it is a minute old. */
  async function ensureBulkJob(run: MonitorRun): Promise<void> {
    if (!settings.queue || now() - run.createdAt < 60_000 || (await pendingImages(db, run.id, 1)).length === 0) return;
    const active = await one(db, "SELECT 1 AS x FROM scans WHERE dedupe_key LIKE ? AND state IN ('queued', 'running')", [`${BULK_PREFIX}${run.id.slice(BULK_PREFIX.length)}#%`]);
    if (!active) await enqueueBulk(run.id, now());
  }

  async function enqueueBulk(runId: string, seq: number): Promise<void> {
    const target = `${BULK_PREFIX}${runId.slice(BULK_PREFIX.length)}#${seq}`;
    await settings.queue!.enqueue(target, target, "bulk", { overCap: true });
    settings.onEnqueued?.();
  }

  /**
   * Trend points of images indexed for the version in use without a run (the first database, images stored
   * later): written once the index is complete, for the images that have none yet (two index counts first).
   */
  async function bootstrapTrends(version: DbVersion): Promise<void> {
    const c = await one<{ trends: number; summaries: number }>(
      db,
      "SELECT (SELECT COUNT(*) FROM image_trends WHERE db_version = ?) AS trends, (SELECT COUNT(*) FROM image_summaries WHERE db_version = ?) AS summaries",
      [version.id, version.id],
    );
    if (!c || Number(c.trends) >= Number(c.summaries) || (await pendingCount(db, version.id)) > 0) return;
    await db.tx((q) => snapshotTrends(q, version, now()));
  }

  /** A matcher or schema change with the same database: the index holds rows of the same build under another version. */
  async function matcherChanged(version: DbVersion): Promise<void> {
    const old = await one<{ db_version: string }>(db, "SELECT db_version FROM image_summaries WHERE db_built = ? AND db_version <> ? LIMIT 1", [version.built, version.id]);
    if (!old || (await one(db, "SELECT 1 AS x FROM monitor_runs WHERE to_version = ? AND cause = 'rematch'", [version.id]))) return;
    const from = { id: old.db_version, built: version.built };
    const digests = (await db.all<{ digest: string }>("SELECT digest FROM image_summaries WHERE db_version = ? ORDER BY digest", [from.id])).map((r) => r.digest);
    const id = rematchRunId();
    if (await planRun(db, { id, cause: "rematch", from, to: version, delta: emptyDelta(), digests, at: now() })) {
      logger.info("matcher or schema version changed: full re-match planned", { run: id, images: digests.length });
      if (settings.queue) await enqueueBulk(id, 0);
    }
  }

  async function step(): Promise<void> {
    const version = current();
    await matcherChanged(version);
    for (const run of await openRuns(db)) {
      if (stopped) return;
      if (run.to.id === version.id) await work(run);
      else if (run.to.built < version.built) {
        await db.tx(async (q) => {
          await q.run("DELETE FROM monitor_run_images WHERE run_id = ?", [run.id]);
          await q.run("UPDATE monitor_runs SET state = 'superseded', finished_at = ? WHERE id = ? AND state = 'open'", [now(), run.id]);
        });
      }
    }
    if (!(await one(db, "SELECT 1 AS x FROM monitor_runs WHERE state = 'open' AND to_version = ?", [version.id]))) await bootstrapTrends(version);
  }

  /**
   * At start: the database in use was installed while the server was stopped (the index holds an older build
   * and no run goes to this version) — plan its run from the kept previous generation, as a switch would.
   */
  async function startupDelta(): Promise<void> {
    const version = current();
    if (await one(db, "SELECT 1 AS x FROM monitor_runs WHERE to_version = ?", [version.id])) return;
    if (!(await one(db, "SELECT 1 AS x FROM image_summaries WHERE db_built < ? LIMIT 1", [version.built]))) return;
    if (await findings.replayPreviousSwitch()) logger.info("database updated while the server was stopped: re-evaluation planned from the kept previous database");
  }

  // The indexer waits for it (`deferred`): it would index the images without history and drop the previous version's rows.
  const startup = startupDelta().catch((err: unknown) => logger.warn("planning the re-evaluation at start failed", { error: errorMessage(err) }));

  const loop = pollLoop({ step, before: startup, pollMs: settings.pollMs, onError: (err) => logger.error("the monitor failed", { error: errorMessage(err) }) });

  return {
    deferred: async (version) => (await startup, await one(db, "SELECT 1 AS x FROM monitor_runs WHERE state = 'open' AND to_version = ?", [version])) !== undefined,
    async rematch() {
      const version = current();
      // Images not indexed for this version yet are the indexer's (they have nothing to compare with).
      const digests = (await db.all<{ digest: string }>("SELECT digest FROM image_summaries WHERE db_version = ? ORDER BY digest", [version.id])).map((r) => r.digest);
      const id = rematchRunId();
      await planRun(db, { id, cause: "rematch", from: version, to: version, delta: emptyDelta(), digests, at: now() });
      if (settings.queue) await enqueueBulk(id, 0);
      else loop.wake();
      return { runId: id, images: digests.length };
    },
    async bulkJob(target) {
      const m = /^rematch:([0-9a-f-]{36})#(\d+)$/.exec(target);
      const run = m ? await getRun(db, `${BULK_PREFIX}${m[1]}`) : undefined;
      if (!m || !run || run.state !== "open") return;
      if (run.to.id !== findings.version()) return;
      const n = await rematchSome(run, batch);
      if (n > 0 && (await pendingImages(db, run.id, 1)).length > 0) await enqueueBulk(run.id, Number(m[2]) + 1);
      else if (n >= 0) await finishIfDone(run);
    },
    wake: () => loop.wake(),
    async stop() {
      stopped = true;
      await loop.stop();
    },
  };
}

function emptyDelta(): StoredDelta {
  return { vulnerabilities: {}, stats: { rowsCompared: 0, rowsDiffering: 0, vulnerabilitiesChanged: 0, packagesChanged: 0, namespacesChanged: 0 } };
}

function verdictOf(verdicts: VerdictService): NonNullable<ReevaluateDeps["verdict"]> {
  return async (digest, report, at, stored) => {
    const v = await verdicts.check(digest, new Date(at), report, stored);
    return v.status === "evaluated" ? v.evaluation.finalAction : undefined;
  };
}
