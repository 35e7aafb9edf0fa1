/**
 * The SQLite adapter: one connection, WAL, statements serialised through a promise chain so transactions never
 * interleave. Prepared statements are kept by their SQL text (the most recently used `STATEMENT_CACHE`): the
 * catalog's statements are a fixed set, and preparing one costs more than running a primary-key read. The file is in `auto_vacuum = INCREMENTAL` mode (a file made before is converted once, by a
 * VACUUM at open), so `compact` after a large prune gives the free pages back to the file system.
 *
 * `synchronous = NORMAL` (the usual setting with WAL): a commit is not flushed to disk until the next checkpoint,
 * so a power loss may undo the last transactions — whole, never half — while a crash of the process loses nothing.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { lru } from "../../util/lru.js";
import type { Querier, Row, SqlDatabase } from "./sql.js";

type Param = string | number | bigint | Buffer | null;

/** Free pages below this are left for reuse (4 MiB at the default 4 KiB page). */
const COMPACT_MIN_FREE_PAGES = 1024;
const INCREMENTAL = 2;
/** Prepared statements kept per connection (least recently used goes first). */
export const STATEMENT_CACHE = 200;

/** `db.prepare`, remembered by SQL text. SQLite re-prepares a kept statement itself after a schema change. */
export function statementCache(db: Database.Database, size = STATEMENT_CACHE): (sql: string) => Database.Statement {
  const kept = lru<string, Database.Statement>(size);
  return (sql) => {
    const hit = kept.get(sql);
    if (hit[0]) return hit[1];
    const stmt = db.prepare(sql);
    kept.set(sql, stmt);
    return stmt;
  };
}

const bind = (params: readonly unknown[] = []): Param[] =>
  params.map((p) => (p === undefined ? null : typeof p === "boolean" ? (p ? 1 : 0) : (p as Param)));

export function openSqlite(file: string): SqlDatabase {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (db.pragma("auto_vacuum", { simple: true }) !== INCREMENTAL) {
    // Takes effect at once on a new file; an existing one needs the VACUUM (before WAL mode is set).
    db.pragma("auto_vacuum = INCREMENTAL");
    db.exec("VACUUM");
  }
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // A checkpoint (the WAL's pages copied into the file, then fsync) every ~400 MB of WAL instead of SQLite's 4 MB:
  // pages written again and again between checkpoints are copied and synced once. A monitor run re-matching 1,431
  // of 10,000 images took 54.7 s with SQLite's default, 40.5 s at ~40 MB, 29.2 s at ~400 MB (docs/monitoring.md,
  // with the checkpoint left after it). The WAL file is cut back to 64 MB after a checkpoint.
  db.pragma("wal_autocheckpoint = 100000");
  db.pragma("journal_size_limit = 67108864");
  const prepare = statementCache(db);
  const direct: Querier = {
    all: async <T extends Row>(sql: string, params?: readonly unknown[]) => {
      const stmt = prepare(sql);
      return (stmt.reader ? stmt.all(bind(params)) : (stmt.run(bind(params)), [])) as T[];
    },
    run: async (sql, params) => prepare(sql).run(bind(params)).changes,
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    dialect: "sqlite",
    all: (sql, params) => serial(() => direct.all(sql, params)),
    run: (sql, params) => serial(() => direct.run(sql, params)),
    tx: (fn) =>
      serial(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const out = await fn(direct);
          db.exec("COMMIT");
          return out;
        } catch (err) {
          db.exec("ROLLBACK");
          throw err;
        }
      }),
    compact: () =>
      serial(async () => {
        const pageSize = db.pragma("page_size", { simple: true }) as number;
        const pages = () => db.pragma("page_count", { simple: true }) as number;
        if ((db.pragma("freelist_count", { simple: true }) as number) < COMPACT_MIN_FREE_PAGES) return 0;
        const before = pages();
        db.pragma("incremental_vacuum");
        // In WAL mode the file shrinks when the log is written back.
        db.pragma("wal_checkpoint(TRUNCATE)");
        return (before - pages()) * pageSize;
      }),
    close: async () => void (await serial(async () => db.close())),
  };
}
