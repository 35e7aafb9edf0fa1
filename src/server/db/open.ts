/** `--database`: a `postgres://` or `postgresql://` URL, or a SQLite file path. Migrated to the latest schema before use. */
import { migrate } from "./migrations.js";
import { openPostgres } from "./postgres.js";
import type { SqlDatabase } from "./sql.js";
import { openSqlite } from "./sqlite.js";

export const isPostgresUrl = (database: string): boolean => /^postgres(ql)?:\/\//.test(database);

export async function openDatabase(database: string): Promise<SqlDatabase> {
  const db = isPostgresUrl(database) ? openPostgres(database) : openSqlite(database);
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
