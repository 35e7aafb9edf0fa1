/**
 * Versioned, forward-only schema migrations, applied at start in one transaction each. A database newer
 * than this build is refused. On PostgreSQL an advisory lock keeps processes starting together from
 * migrating twice. Never edit a released migration: add the next one.
 */
import { DredgeError } from "../../errors.js";
import { one, type Dialect, type Querier, type SqlDatabase } from "./sql.js";

export interface Migration {
  version: number;
  /** One statement each; `BLOB` becomes `BYTEA` on PostgreSQL. */
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE images (
        digest TEXT PRIMARY KEY, reference TEXT NOT NULL, registry TEXT, repo TEXT, tag TEXT, distro TEXT,
        verified INTEGER NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)`,
      `CREATE INDEX images_repo ON images (repo, tag)`,
      `CREATE TABLE scans (
        id TEXT PRIMARY KEY, target TEXT NOT NULL, dedupe_key TEXT NOT NULL, digest TEXT, state TEXT NOT NULL,
        lane TEXT NOT NULL, priority INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
        run_after BIGINT NOT NULL, lease_until BIGINT, worker TEXT, error TEXT,
        created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT)`,
      `CREATE UNIQUE INDEX scans_active ON scans (dedupe_key) WHERE state IN ('queued', 'running')`,
      `CREATE INDEX scans_ready ON scans (state, priority, created_at)`,
      `CREATE TABLE inventories (digest TEXT PRIMARY KEY, inventory TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      `CREATE TABLE layers (key TEXT PRIMARY KEY, diff_id TEXT NOT NULL, entry BLOB NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 2,
    statements: [
      `CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 5,
    statements: [
      // Registries the operator configured; `secret` is the sealed credentials (src/server/secrets.ts), `key_id` the key that sealed them.
      `CREATE TABLE registries (
        id TEXT PRIMARY KEY, host TEXT NOT NULL UNIQUE, insecure INTEGER NOT NULL, credentials TEXT, secret TEXT, key_id TEXT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      // Leased named locks shared by every process (one analysis per image digest at a time).
      `CREATE TABLE locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms BIGINT NOT NULL)`,
      // What a resolved manifest digest (with the analyzers and options of the scan) was stored as: the image digests.
      `CREATE TABLE resolutions (key TEXT PRIMARY KEY, digest TEXT NOT NULL, images TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
];

export const latestVersion = migrations[migrations.length - 1]!.version;

const forDialect = (sql: string, dialect: Dialect): string => (dialect === "postgres" ? sql.replace(/\bBLOB\b/g, "BYTEA") : sql);

async function currentVersion(q: Querier): Promise<number> {
  await q.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  return (await one<{ v: number | null }>(q, "SELECT MAX(version) AS v FROM schema_migrations"))?.v ?? 0;
}

/** Brings the schema to `target` (default: the latest); returns the version it was at. */
export async function migrate(db: SqlDatabase, target = latestVersion): Promise<number> {
  return db.tx(async (q) => {
    if (db.dialect === "postgres") await q.all("SELECT pg_advisory_xact_lock(7150015)");
    const from = await currentVersion(q);
    if (from > latestVersion) {
      throw new DredgeError("DB_ERROR", `the server database has schema version ${from}, newer than this Dredge (${latestVersion})`, {
        hint: "upgrade Dredge",
      });
    }
    for (const m of migrations.filter((x) => x.version > from && x.version <= target)) {
      for (const s of m.statements) await q.run(forDialect(s, db.dialect));
      await q.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [m.version, Date.now()]);
    }
    return from;
  });
}

export async function schemaVersion(db: SqlDatabase): Promise<number> {
  return db.tx(currentVersion);
}
