/**
 * Stored policies (`/api/v1/policies`) and the history of their evaluations. A policy is kept as the text
 * the operator sent (YAML or JSON) with its revision; at most one is active (a unique partial index). An
 * evaluation row is keyed by image digest, when its inventory was stored, policy revision and database
 * version: the same key is evaluated once, a new key (new policy, new database, new inventory) adds a row.
 */
import { randomUUID } from "node:crypto";
import type { PolicyAction, PolicyEvaluation } from "../../model/policy.js";
import { one, type Dialect, type Row, type SqlDatabase } from "../db/sql.js";

export interface StoredPolicy {
  id: string;
  name: string;
  revision: string;
  active: boolean;
  createdAt: string;
  activatedAt: string | null;
}

export interface EvaluationKey {
  digest: string;
  storedAt: number;
  revision: string;
  dbVersion: string;
}

export interface StoredEvaluation extends EvaluationKey {
  id: string;
  policyId: string;
  finalAction: PolicyAction;
  evaluatedAt: string;
}

export interface PolicyStore {
  create(name: string, document: string, revision: string, activate: boolean, at?: number): Promise<StoredPolicy>;
  list(): Promise<StoredPolicy[]>;
  get(id: string): Promise<(StoredPolicy & { document: string }) | undefined>;
  /** The active policy and its text, if one is. */
  active(): Promise<(StoredPolicy & { document: string }) | undefined>;
  /** Makes `id` the only active policy; false when there is no such policy. */
  activate(id: string, at?: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  getEvaluation(key: EvaluationKey): Promise<PolicyEvaluation | undefined>;
  /** Stores an evaluation unless one with the same key is stored (two readers computing it at once). */
  putEvaluation(key: EvaluationKey, policyId: string, evaluation: PolicyEvaluation, at?: number): Promise<void>;
  /** An image's evaluations, newest first. */
  history(digest: string, limit: number): Promise<StoredEvaluation[]>;
  /**
   * Up to `limit` images (most recently seen first) without an evaluation by `revision` against `dbVersion` of
   * their stored inventory: the verdicts still to compute. Unverified images only with `unverified`.
   */
  unevaluated(revision: string, dbVersion: string, limit: number, unverified: boolean): Promise<string[]>;
}

/**
 * Joins to an image `i` its inventory `v` and the stored evaluation `e` that is its current verdict: the active
 * revision's, against the database in use, of the inventory stored now (two parameters: revision, database
 * version). The time the inventory was stored is read from the index `inventories_stored` (SQLite would read
 * the inventory's row otherwise).
 */
export const currentVerdictJoin = (dialect: Dialect): string =>
  `LEFT JOIN inventories v${dialect === "sqlite" ? " INDEXED BY inventories_stored" : ""} ON v.digest = i.digest
   LEFT JOIN policy_evaluations e ON e.digest = i.digest AND e.stored_at = v.created_at AND e.revision = ? AND e.db_version = ?`;

const iso = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

const toPolicy = (r: Row): StoredPolicy => ({
  id: r.id as string, name: r.name as string, revision: r.revision as string, active: Number(r.active) === 1,
  createdAt: iso(r.created_at)!, activatedAt: iso(r.activated_at),
});

const COLUMNS = "id, name, revision, active, created_at, activated_at";

export function sqlPolicies(db: SqlDatabase): PolicyStore {
  const withDocument = (r: Row | undefined) => (r ? { ...toPolicy(r), document: r.document as string } : undefined);
  return {
    async create(name, document, revision, activate, at = Date.now()) {
      const id = randomUUID();
      await db.tx(async (q) => {
        if (activate) await q.run("UPDATE policies SET active = 0 WHERE active = 1");
        await q.run(`INSERT INTO policies (id, name, document, revision, active, created_at, activated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          id, name, document, revision, activate ? 1 : 0, at, activate ? at : null,
        ]);
      });
      return { id, name, revision, active: activate, createdAt: iso(at)!, activatedAt: activate ? iso(at) : null };
    },
    list: async () => (await db.all(`SELECT ${COLUMNS} FROM policies ORDER BY created_at, id`)).map(toPolicy),
    get: async (id) => withDocument(await one(db, `SELECT ${COLUMNS}, document FROM policies WHERE id = ?`, [id])),
    active: async () => withDocument(await one(db, `SELECT ${COLUMNS}, document FROM policies WHERE active = 1`)),
    activate: (id, at = Date.now()) =>
      db.tx(async (q) => {
        if (!(await one(q, "SELECT id FROM policies WHERE id = ?", [id]))) return false;
        await q.run("UPDATE policies SET active = 0 WHERE active = 1 AND id <> ?", [id]);
        await q.run("UPDATE policies SET active = 1, activated_at = ? WHERE id = ?", [at, id]);
        return true;
      }),
    delete: async (id) => (await db.run("DELETE FROM policies WHERE id = ?", [id])) > 0,
    async getEvaluation(k) {
      const r = await one<{ evaluation: string }>(
        db,
        "SELECT evaluation FROM policy_evaluations WHERE digest = ? AND stored_at = ? AND revision = ? AND db_version = ?",
        [k.digest, k.storedAt, k.revision, k.dbVersion],
      );
      return r ? (JSON.parse(r.evaluation) as PolicyEvaluation) : undefined;
    },
    async putEvaluation(k, policyId, evaluation, at = Date.now()) {
      await db.run(
        `INSERT INTO policy_evaluations (id, digest, stored_at, policy_id, revision, db_version, final_action, evaluation, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest, stored_at, revision, db_version) DO NOTHING`,
        [randomUUID(), k.digest, k.storedAt, policyId, k.revision, k.dbVersion, evaluation.finalAction, JSON.stringify(evaluation), at],
      );
    },
    unevaluated: async (revision, dbVersion, limit, unverified) =>
      (
        await db.all<{ digest: string }>(
          `SELECT i.digest FROM images i ${currentVerdictJoin(db.dialect)}
           WHERE ${unverified ? "" : "i.verified = 1 AND "}v.digest IS NOT NULL AND e.digest IS NULL ORDER BY i.last_seen DESC, i.digest LIMIT ?`,
          [revision, dbVersion, limit],
        )
      ).map((r) => r.digest),
    history: async (digest, limit) =>
      (
        await db.all(
          `SELECT id, digest, stored_at, policy_id, revision, db_version, final_action, created_at FROM policy_evaluations
           WHERE digest = ? ORDER BY created_at DESC, id LIMIT ?`,
          [digest, limit],
        )
      ).map((r) => ({
        id: r.id as string, digest: r.digest as string, storedAt: Number(r.stored_at), policyId: r.policy_id as string, revision: r.revision as string,
        dbVersion: r.db_version as string, finalAction: r.final_action as PolicyAction, evaluatedAt: iso(r.created_at)!,
      })),
  };
}

/**
 * The active policy kept in memory (a warm admission review then reads no policy row): until this process
 * changes a policy (`create`, `activate`, `delete` through this store, which also call `changed`), or for
 * `ttlMs` at most, so that a change made by another server on the same database is seen within that time.
 */
export function cachingPolicies(store: PolicyStore, ttlMs: number, changed: () => void = () => undefined): PolicyStore {
  let cached: { until: number; value: Promise<(StoredPolicy & { document: string }) | undefined> } | undefined;
  const drop = <T>(p: Promise<T>): Promise<T> =>
    p.finally(() => {
      cached = undefined;
      changed();
    });
  return {
    ...store,
    create: (...args) => drop(store.create(...args)),
    activate: (...args) => drop(store.activate(...args)),
    delete: (...args) => drop(store.delete(...args)),
    active() {
      const now = Date.now();
      if (!cached || now >= cached.until) {
        const value = store.active();
        cached = { until: now + ttlMs, value };
        value.catch(() => (cached = undefined));
      }
      return cached.value;
    },
  };
}
