/**
 * The storage port under the catalog and the queue: a small SQL interface with two adapters, SQLite
 * (embedded, one process) and PostgreSQL (shared by many processes). Statements are written once with `?`
 * placeholders; the PostgreSQL adapter numbers them. Integers are numbers (epoch milliseconds fit), JSON is
 * TEXT, booleans are 0/1, blobs are Buffers: the same rows come back from both adapters.
 */
export type Dialect = "sqlite" | "postgres";

export type Row = Record<string, unknown>;

export interface Querier {
  all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDatabase extends Querier {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction (serialised with every other statement on SQLite). */
  tx<T>(fn: (q: Querier) => Promise<T>): Promise<T>;
  /**
   * Give the space of deleted rows back to the file system after a large delete; returns the bytes the
   * database file shrank by. SQLite: an incremental vacuum when enough pages are free. PostgreSQL: nothing
   * (autovacuum makes dead rows reusable; the server never runs VACUUM FULL, which locks tables).
   */
  compact(): Promise<number>;
  close(): Promise<void>;
}

/** The first row, if any. */
export async function one<T extends Row>(q: Querier, sql: string, params?: readonly unknown[]): Promise<T | undefined> {
  return (await q.all<T>(sql, params))[0];
}

/** `?` placeholders to `$1, $2, …` (statements here never hold a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
