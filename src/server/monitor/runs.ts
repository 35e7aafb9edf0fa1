/**
 * Re-evaluation runs in the catalog. A run is planned once per database update (id `db-update:<version>`, so
 * several processes planning the same update make one run) or per full re-match, with the images it must
 * re-match listed in `monitor_run_images`; each image is marked done in the transaction that writes its
 * results, so a run killed half way resumes where it stopped and records no image twice.
 */
import { randomUUID } from "node:crypto";
import type { DatabaseDelta, VulnChange } from "../../db/delta.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import type { DbVersion } from "../fleet/findings-store.js";
import { rowsOf, rowVersions } from "../fleet/rows.js";

export type RunCause = "db-update" | "rematch";
export type RunState = "open" | "done" | "superseded";

export interface MonitorRun {
  id: string;
  cause: RunCause;
  from?: DbVersion;
  to: DbVersion;
  state: RunState;
  /** The delta's per-vulnerability changes (EPSS jumps) and its counts. */
  delta: StoredDelta;
  affected: number;
  carried: number;
  rematched: number;
  changed: number;
  createdAt: number;
  finishedAt: number | null;
}

export interface StoredDelta {
  vulnerabilities: Record<string, VulnChange>;
  stats: DatabaseDelta["stats"] & { packagesChanged: number; namespacesChanged: number };
}

export function toRun(r: Record<string, unknown>): MonitorRun {
  return {
    id: r.id as string, cause: r.cause as RunCause,
    ...(r.from_version ? { from: { id: r.from_version as string, built: Number(r.from_built) } } : {}),
    to: { id: r.to_version as string, built: Number(r.to_built) }, state: r.state as RunState, delta: JSON.parse(r.delta as string) as StoredDelta,
    affected: Number(r.affected), carried: Number(r.carried), rematched: Number(r.rematched), changed: Number(r.changed),
    createdAt: Number(r.created_at), finishedAt: r.finished_at == null ? null : Number(r.finished_at),
  };
}

export const getRun = async (q: Querier, id: string): Promise<MonitorRun | undefined> => {
  const r = await one(q, "SELECT * FROM monitor_runs WHERE id = ?", [id]);
  return r ? toRun(r) : undefined;
};

export const openRuns = async (q: Querier): Promise<MonitorRun[]> => (await q.all("SELECT * FROM monitor_runs WHERE state = 'open' ORDER BY created_at, id")).map(toRun);

const CHUNK = 200;

async function digestsOf(q: Querier, sql: (placeholders: string) => string, fixed: readonly unknown[], list: readonly unknown[][], out: Set<string>): Promise<void> {
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const rows = await q.all<{ digest: string }>(sql(chunk.map((c) => `(${c.map(() => "?").join(", ")})`).join(", ")), [...fixed, ...chunk.flat()]);
    for (const r of rows) out.add(r.digest);
  }
}

/**
 * The images a delta can change, among those indexed for `from` (the others have no findings to compare and
 * are indexed by the indexer): their reverse-index keys name a changed (namespace, package) row, or they have
 * a finding (by id or alias) whose vulnerability changed severity, KEV or EPSS, or they have no keys (indexed
 * before the reverse index existed). A namespace added or removed re-matches every image (matchers pick
 * namespaces by what the database has).
 */
export async function affectedImages(q: Querier, from: DbVersion, delta: DatabaseDelta): Promise<string[]> {
  const out = new Set<string>();
  const base = "SELECT s.digest FROM image_summaries s WHERE s.db_version = ?";
  if (delta.namespacesAdded.length + delta.namespacesRemoved.length > 0) {
    for (const r of await q.all<{ digest: string }>(base, [from.id])) out.add(r.digest);
    return [...out].sort();
  }
  const keys = delta.packages.map((p) => [p.namespace, p.package]);
  await digestsOf(q, (ph) => `SELECT DISTINCT k.digest FROM image_match_keys k JOIN image_summaries s ON s.digest = k.digest AND s.db_version = ?
    WHERE (k.namespace, k.package) IN (VALUES ${ph})`, [from.id], keys, out);
  const ids = Object.keys(delta.vulnerabilities).map((id) => [id.toUpperCase()]);
  for (const v of await rowVersions(q, from.id)) {
    await digestsOf(q, (ph) => `SELECT DISTINCT s.digest FROM image_findings f JOIN image_summaries s ON s.digest = f.digest AND s.db_version = ? AND ${rowsOf("s")} = f.db_version
      WHERE f.db_version = ? AND f.match_id IN (${ph.replace(/[()]/g, "")})`, [from.id, v], ids, out);
  }
  for (const r of await q.all<{ digest: string }>(`${base} AND NOT EXISTS (SELECT 1 FROM image_match_keys k WHERE k.digest = s.digest)`, [from.id])) out.add(r.digest);
  return [...out].sort();
}

export interface PlanInput {
  id: string;
  cause: RunCause;
  from?: DbVersion;
  to: DbVersion;
  delta: StoredDelta;
  digests: readonly string[];
  at: number;
}

/**
 * The images older open database-update runs had not re-matched yet, with the version their findings are of:
 * they have no rows of the version the new run starts from, so neither its delta nor its carry-forward sees them.
 */
async function unfinished(q: Querier, input: PlanInput): Promise<{ digest: string; from_version: string }[]> {
  if (!input.from) return [];
  const rows = await q.all<{ digest: string; from_version: string | null }>(
    `SELECT i.digest, COALESCE(i.from_version, r.from_version) AS from_version FROM monitor_run_images i JOIN monitor_runs r ON r.id = i.run_id
     WHERE r.state = 'open' AND r.cause = 'db-update' AND r.to_built < ? AND i.done = 0
       AND NOT EXISTS (SELECT 1 FROM image_summaries s WHERE s.digest = i.digest AND s.db_version = ?)`,
    [input.to.built, input.from.id],
  );
  const planned = new Set(input.digests);
  const out = new Map<string, string>();
  for (const r of rows) if (r.from_version && !planned.has(r.digest)) out.set(r.digest, r.from_version);
  return [...out].map(([digest, from_version]) => ({ digest, from_version }));
}

/**
 * Writes the run and its images in one transaction; false when a run with this id exists. Older open runs are
 * superseded; the images a superseded database-update run had not re-matched yet move into this one (with the
 * version their findings are of), so their changes are recorded too.
 */
export function planRun(db: SqlDatabase, input: PlanInput): Promise<boolean> {
  return db.tx(async (q) => {
    if (await one(q, "SELECT 1 AS x FROM monitor_runs WHERE id = ?", [input.id])) return false;
    const moved = input.cause === "db-update" ? await unfinished(q, input) : [];
    if (input.cause === "db-update") {
      await q.run("DELETE FROM monitor_run_images WHERE run_id IN (SELECT id FROM monitor_runs WHERE state = 'open' AND to_built < ?)", [input.to.built]);
      await q.run("UPDATE monitor_runs SET state = 'superseded', finished_at = ? WHERE state = 'open' AND to_built < ?", [input.at, input.to.built]);
    }
    await q.run(
      `INSERT INTO monitor_runs (id, cause, from_version, from_built, to_version, to_built, state, delta, affected, carried, rematched, changed, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, 0, 0, 0, ?)`,
      [input.id, input.cause, input.from?.id ?? null, input.from?.built ?? null, input.to.id, input.to.built, JSON.stringify(input.delta), input.digests.length + moved.length, input.at],
    );
    for (let i = 0; i < input.digests.length; i += CHUNK * 2) {
      const chunk = input.digests.slice(i, i + CHUNK * 2);
      await q.run(`INSERT INTO monitor_run_images (run_id, digest, done) VALUES ${chunk.map(() => "(?, ?, 0)").join(", ")}`, chunk.flatMap((d) => [input.id, d]));
    }
    for (let i = 0; i < moved.length; i += CHUNK) {
      const chunk = moved.slice(i, i + CHUNK);
      await q.run(`INSERT INTO monitor_run_images (run_id, digest, done, from_version) VALUES ${chunk.map(() => "(?, ?, 0, ?)").join(", ")}`, chunk.flatMap((m) => [input.id, m.digest, m.from_version]));
    }
    return true;
  });
}

/** The version an image of the run is re-evaluated from: its own when it moved from a superseded run, else the run's. */
export async function fromVersionOf(q: Querier, run: MonitorRun, digest: string): Promise<string> {
  const row = await one<{ from_version: string | null }>(q, "SELECT from_version FROM monitor_run_images WHERE run_id = ? AND digest = ?", [run.id, digest]);
  return row?.from_version ?? run.from?.id ?? run.to.id;
}

export const dbUpdateRunId = (to: string): string => `db-update:${to}`;
export const rematchRunId = (): string => `rematch:${randomUUID()}`;

/** Up to `limit` images of the run not done yet, in digest order. */
export const pendingImages = async (q: Querier, runId: string, limit: number): Promise<string[]> =>
  (await q.all<{ digest: string }>("SELECT digest FROM monitor_run_images WHERE run_id = ? AND done = 0 ORDER BY digest LIMIT ?", [runId, limit])).map((r) => r.digest);

/** Closes the run and writes the trend points of its version (every indexed image's counts at `at`). */
export function finishRun(db: SqlDatabase, run: MonitorRun, at: number): Promise<void> {
  return db.tx(async (q) => {
    await snapshotTrends(q, run.to, at);
    await q.run("UPDATE monitor_runs SET state = 'done', finished_at = ? WHERE id = ? AND state = 'open'", [at, run.id]);
    // A finished run is never worked again: its progress rows go (the run row stays, with its counts).
    await q.run("DELETE FROM monitor_run_images WHERE run_id = ?", [run.id]);
  });
}

/** The counts of every image indexed for `version`, as trend points at `at` (images already recorded keep theirs); the fleet's point follows. */
export async function snapshotTrends(q: Querier, version: DbVersion, at: number): Promise<number> {
  const n = await q.run(
    `INSERT INTO image_trends (db_version, at, digest, critical, high, medium, low, negligible, unknown, kev)
     SELECT s.db_version, ?, s.digest, s.critical, s.high, s.medium, s.low, s.negligible, s.unknown, s.kev FROM image_summaries s
     WHERE s.db_version = ? AND NOT EXISTS (SELECT 1 FROM image_trends t WHERE t.db_version = s.db_version AND t.digest = s.digest)`,
    [at, version.id],
  );
  await recordFleetPoint(q, version.id);
  return n;
}

const TREND_SUMS = "MIN(at), SUM(critical), SUM(high), SUM(medium), SUM(low), SUM(negligible), SUM(unknown), SUM(kev), COUNT(*)";

/**
 * The fleet's trend point of `dbVersion` (trend_points, what `GET /trends` reads without a filter): the sums of its
 * images' trend rows, recorded when they are written; an image deleted later stays in the points of its past.
 */
export async function recordFleetPoint(q: Querier, dbVersion: string): Promise<void> {
  await q.run("DELETE FROM trend_points WHERE db_version = ?", [dbVersion]);
  await q.run(
    `INSERT INTO trend_points (db_version, at, critical, high, medium, low, negligible, unknown, kev, images)
     SELECT db_version, ${TREND_SUMS} FROM image_trends WHERE db_version = ? GROUP BY db_version`,
    [dbVersion],
  );
}

