/** The PostgreSQL adapter: a pool; bigint and numeric columns come back as numbers, like SQLite's. */
import pg from "pg";
import { numberPlaceholders, type Querier, type Row, type SqlDatabase } from "./sql.js";

const INT8 = 20;

const asNumber = (v: string): number => Number(v);

function querier(client: pg.Pool | pg.PoolClient): Querier {
  return {
    all: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await client.query(numberPlaceholders(sql), [...params])).rows as T[],
    run: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0,
  };
}

export function openPostgres(url: string, max = 10): SqlDatabase {
  const types = { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? asNumber : pg.types.getTypeParser(oid, format as "text")) };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const direct = querier(pool);
  return {
    dialect: "postgres",
    ...direct,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(querier(client));
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    // Autovacuum reclaims dead rows for reuse; shrinking files (VACUUM FULL) would lock the catalog.
    compact: async () => 0,
    close: () => pool.end(),
  };
}
