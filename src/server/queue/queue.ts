/**
 * The durable scan queue over the storage port: one SQL implementation for both adapters. Claiming is
 * `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)` on PostgreSQL, so many worker processes take
 * distinct jobs without blocking each other; SQLite serialises writers anyway. At most one active
 * (queued or running) job per target: a unique partial index does the deduplication.
 */
import { randomUUID } from "node:crypto";
import { DredgeError } from "../../errors.js";
import { one, type Querier, type Row, type SqlDatabase } from "../db/sql.js";
import { lanePriority, lanes, type EnqueueResult, type Lane, type QueueSettings, type ScanJob, type ScanState } from "./types.js";

const ACTIVE = "state IN ('queued', 'running')";

export function toJob(r: Row): ScanJob {
  return {
    id: r.id as string, target: r.target as string, digest: (r.digest as string | null) ?? null, state: r.state as ScanState,
    lane: r.lane as Lane, priority: r.priority as number, attempts: r.attempts as number, maxAttempts: r.max_attempts as number,
    error: (r.error as string | null) ?? null, createdAt: r.created_at as number,
    startedAt: (r.started_at as number | null) ?? null, finishedAt: (r.finished_at as number | null) ?? null,
  };
}

export interface Queue {
  /** `overCap`: queue even when the lane is full (entry points that must never refuse: the Harbor adapter, hooks). */
  enqueue(target: string, dedupeKey: string, lane: Lane, options?: { overCap?: boolean }): Promise<EnqueueResult>;
  /** `bulk: false`: never the bulk lane's jobs (a process that cannot work them: no vulnerability database). */
  claim(worker: string, options?: { bulk?: boolean }): Promise<ScanJob | undefined>;
  renew(id: string, worker: string): Promise<boolean>;
  /** `within`: called in the same transaction when the job was this worker's to complete (the scan.completed outbox). */
  complete(id: string, worker: string, digest: string, within?: (q: Querier, job: ScanJob) => Promise<void>): Promise<boolean>;
  /** `within`: called in the same transaction when the job fails for good (no retry left; the scan.failed outbox). */
  fail(id: string, worker: string, error: string, retry: boolean, within?: (q: Querier, job: ScanJob) => Promise<void>): Promise<void>;
  /** Give a job back untried (a draining worker). */
  release(id: string, worker: string): Promise<void>;
  get(id: string): Promise<ScanJob | undefined>;
  depth(): Promise<Record<Lane, number>>;
  counts(): Promise<Record<ScanState, number>>;
}

/**
 * `givenUp`: called in the transaction that fails jobs whose lease ran out after their last attempt (their
 * worker died; no worker records the outcome), as `fail`'s `within` is for the others.
 */
export function sqlQueue(db: SqlDatabase, settings: QueueSettings, now: () => number = Date.now, givenUp?: (q: Querier, job: ScanJob) => Promise<void>): Queue {
  const lock = db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  const active = (q: Querier, key: string) => one(q, `SELECT * FROM scans WHERE dedupe_key = ? AND ${ACTIVE}`, [key]);
  return {
    enqueue: (target, key, lane, options = {}) =>
      db.tx(async (q) => {
        const priority = lanePriority[lane];
        const existing = await active(q, key);
        if (existing) {
          await q.run(`UPDATE scans SET priority = ?, lane = ? WHERE id = ? AND priority < ?`, [priority, lane, existing.id, priority]);
          return { job: toJob((await one(q, "SELECT * FROM scans WHERE id = ?", [existing.id]))!), created: false };
        }
        const queued = await one<{ n: number }>(q, "SELECT COUNT(*) AS n FROM scans WHERE state = 'queued' AND lane = ?", [lane]);
        if ((queued?.n ?? 0) >= settings.cap && !options.overCap) throw queueFull(lane, settings);
        const id = randomUUID();
        const rows = await q.all(
          `INSERT INTO scans (id, target, dedupe_key, state, lane, priority, attempts, max_attempts, run_after, created_at)
           VALUES (?, ?, ?, 'queued', ?, ?, 0, ?, 0, ?) ON CONFLICT DO NOTHING RETURNING *`,
          [id, target, key, lane, priority, settings.maxAttempts, now()],
        );
        if (rows[0]) return { job: toJob(rows[0]), created: true };
        // Another process enqueued the same target between our check and insert.
        return { job: toJob((await active(q, key))!), created: false };
      }),
    async claim(worker, options = {}) {
      const t = now();
      // The bulk lane takes at most `bulkRunning` workers over every process, and only when nothing else waits (priority).
      const bulk = options.bulk === false
        ? " AND lane <> 'bulk'"
        : " AND (lane <> 'bulk' OR (SELECT COUNT(*) FROM scans b WHERE b.lane = 'bulk' AND b.state = 'running' AND b.lease_until >= ?) < ?)";
      const bulkParams = options.bulk === false ? [] : [t, settings.bulkRunning ?? 1];
      // Jobs whose lease ran out too often are given up: their worker keeps dying on them.
      const expired = `UPDATE scans SET state = 'failed', error = 'lease expired after the last attempt', finished_at = ?
         WHERE state = 'running' AND lease_until < ? AND attempts >= max_attempts`;
      if (!givenUp) await db.run(expired, [t, t]);
      else {
        await db.tx(async (q) => {
          for (const r of await q.all(`${expired} RETURNING *`, [t, t])) await givenUp(q, toJob(r));
        });
      }
      const rows = await db.all(
        `UPDATE scans SET state = 'running', worker = ?, lease_until = ?, attempts = attempts + 1, started_at = ?
         WHERE id = (SELECT id FROM scans
           WHERE ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))${bulk}
           ORDER BY priority DESC, created_at, id LIMIT 1${lock})
         RETURNING *`,
        [worker, t + settings.leaseMs, t, t, t, ...bulkParams],
      );
      return rows[0] ? toJob(rows[0]) : undefined;
    },
    renew: async (id, worker) =>
      (await db.run(`UPDATE scans SET lease_until = ? WHERE id = ? AND worker = ? AND state = 'running'`, [now() + settings.leaseMs, id, worker])) > 0,
    complete: (id, worker, digest, within) =>
      db.tx(async (q) => {
        const rows = await q.all(
          `UPDATE scans SET state = 'done', digest = ?, finished_at = ?, lease_until = NULL, error = NULL WHERE id = ? AND worker = ? AND state = 'running' RETURNING *`,
          [digest, now(), id, worker],
        );
        if (rows[0] && within) await within(q, toJob(rows[0]));
        return rows.length > 0;
      }),
    async fail(id, worker, error, retry, within) {
      const job = await this.get(id);
      if (!job || job.state !== "running") return;
      const again = retry && job.attempts < job.maxAttempts;
      const t = now();
      const sql =
        again
          ? `UPDATE scans SET state = 'queued', error = ?, run_after = ?, lease_until = NULL WHERE id = ? AND worker = ? AND state = 'running'`
          : `UPDATE scans SET state = 'failed', error = ?, finished_at = ?, lease_until = NULL WHERE id = ? AND worker = ? AND state = 'running'`;
      const params = [error, again ? t + settings.backoffMs * 2 ** (job.attempts - 1) : t, id, worker];
      if (again || !within) return void (await db.run(sql, params));
      await db.tx(async (q) => {
        const rows = await q.all(`${sql} RETURNING *`, params);
        if (rows[0]) await within(q, toJob(rows[0]));
      });
    },
    release: async (id, worker) =>
      void (await db.run(
        `UPDATE scans SET state = 'queued', attempts = attempts - 1, lease_until = NULL, worker = NULL WHERE id = ? AND worker = ? AND state = 'running'`,
        [id, worker],
      )),
    get: async (id) => {
      const r = await one(db, "SELECT * FROM scans WHERE id = ?", [id]);
      return r ? toJob(r) : undefined;
    },
    async depth() {
      const rows = await db.all<{ lane: Lane; n: number }>("SELECT lane, COUNT(*) AS n FROM scans WHERE state = 'queued' GROUP BY lane");
      const out = Object.fromEntries(lanes.map((l) => [l, 0])) as Record<Lane, number>;
      for (const r of rows) out[r.lane] = r.n;
      return out;
    },
    async counts() {
      const rows = await db.all<{ state: ScanState; n: number }>("SELECT state, COUNT(*) AS n FROM scans GROUP BY state");
      const out: Record<ScanState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
  };
}

function queueFull(lane: Lane, settings: QueueSettings): DredgeError {
  return new DredgeError("RATE_LIMITED", `the ${lane} queue is full (${settings.cap} scans waiting)`, {
    hint: "retry later",
    details: { retryAfterSeconds: Math.max(1, Math.ceil(settings.backoffMs / 1000)) },
  });
}
