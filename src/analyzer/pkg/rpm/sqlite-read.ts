/**
 * The SQLite side of reading rpmdb.sqlite, run in a child process (./sqlite-child.ts) because SQLite is
 * synchronous: a hostile database (a `Packages` VIEW over an unbounded recursive CTE) would otherwise hang
 * the scan. Defences in the child: read-only, `trusted_schema` off, `query_only`, temp storage in memory,
 * and a schema check before any row is read — `Packages` must be a plain table (hnum, blob) and the
 * database may hold no view and no trigger at all (rpm creates none). Rows and bytes are capped; the
 * parent kills the child at a deadline.
 */
import Database from "better-sqlite3";
import { errorMessage } from "../../../errors.js";

export interface SqliteLimits {
  maxRows: number;
  /** A larger header blob is skipped with a warning. */
  maxBlobBytes: number;
  /** Reading stops (with a warning) once the blobs add up to more. */
  maxTotalBytes: number;
}

export const defaultSqliteLimits: SqliteLimits = {
  maxRows: 200_000,
  maxBlobBytes: 64 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

/** From the child to the parent, over IPC. */
export type SqliteChildMessage =
  | { kind: "blobs"; blobs: Uint8Array[] }
  | { kind: "warning"; message: string }
  | { kind: "done" };

export type SqliteEvent = { blob: Buffer } | { warning: string };

export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("trusted_schema = OFF");
  db.pragma("query_only = ON");
  db.pragma("temp_store = MEMORY");
  db.pragma("cell_size_check = ON");
  return db;
}

/** Why the database is refused, or undefined when `Packages` is a plain table (hnum, blob) and no SQL can run. */
export function shapeProblem(db: Database.Database): string | undefined {
  const code = db.prepare("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') LIMIT 1").get() as
    | { type: string; name: string }
    | undefined;
  if (code) return `it defines a ${code.type} (${JSON.stringify(code.name)}), which rpm never creates`;
  const table = db.prepare("SELECT type, sql FROM sqlite_master WHERE name = 'Packages' COLLATE NOCASE").all() as { type: string; sql: unknown }[];
  if (table.length === 0) return "it has no Packages table";
  if (table.length > 1 || table[0]!.type !== "table" || /^\s*create\s+virtual\b/i.test(String(table[0]!.sql))) {
    return "Packages is not a plain table";
  }
  const columns = db.pragma("table_xinfo('Packages')") as { name: string; hidden: number }[];
  const shape = columns.map((c) => `${c.name.toLowerCase()}${c.hidden ? " (hidden or generated)" : ""}`).join(", ");
  return shape === "hnum, blob" ? undefined : `Packages has the columns (${shape}), not (hnum, blob)`;
}

/** The header blobs of `Packages` in hnum order, within `limits`, with a warning for each row left out. */
export function* packageBlobs(db: Database.Database, limits: SqliteLimits): Generator<SqliteEvent> {
  const problem = shapeProblem(db);
  if (problem) {
    yield { warning: `package database skipped: ${problem} (a damaged or hostile rpmdb.sqlite; the inventory is incomplete)` };
    return;
  }
  const rows = db
    .prepare(
      `SELECT hnum, typeof(blob) AS type, length(blob) AS size,
         CASE WHEN typeof(blob) = 'blob' AND length(blob) <= ? THEN blob END AS blob
       FROM Packages ORDER BY hnum LIMIT ?`,
    )
    .iterate(limits.maxBlobBytes, limits.maxRows + 1) as Iterable<{ hnum: unknown; type: string; size: number; blob: Buffer | null }>;
  let count = 0;
  let total = 0;
  for (const row of rows) {
    if (++count > limits.maxRows) {
      yield { warning: `more than ${limits.maxRows} rows in Packages: the rest is skipped (the inventory is incomplete)` };
      return;
    }
    if (row.type !== "blob") yield { warning: `row ${String(row.hnum)}: blob is not binary, skipped` };
    else if (!row.blob) yield { warning: `row ${String(row.hnum)}: a ${row.size}-byte header is over the ${limits.maxBlobBytes}-byte limit, skipped` };
    else if ((total += row.blob.length) > limits.maxTotalBytes) {
      yield { warning: `the headers add up to more than ${limits.maxTotalBytes} bytes: the rest is skipped (the inventory is incomplete)` };
      return;
    } else yield { blob: row.blob };
  }
}

/** Every event of the database file, errors included as a warning. */
export function* readPackageFile(file: string, limits: SqliteLimits): Generator<SqliteEvent> {
  let db: Database.Database | undefined;
  try {
    db = openReadOnly(file);
    yield* packageBlobs(db, limits);
  } catch (err) {
    yield { warning: `cannot read the SQLite database: ${errorMessage(err)}` };
  } finally {
    db?.close();
  }
}
