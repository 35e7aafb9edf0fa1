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
      // A checked-out client's connection dying (the server restarting) rejects the running query, which the
      // caller sees; pg also emits it as an event, which must not crash the process.
      const ignore = (): undefined => undefined;
      client.on("error", ignore);
      let broken = false;
      try {
        await client.query("BEGIN");
        const out = await fn(querier(client));
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw err;
      } finally {
        client.off("error", ignore);
        // A client whose ROLLBACK failed is not reused: the pool replaces it.
        client.release(broken);
      }
    },
    // Autovacuum reclaims dead rows for reuse; shrinking files (VACUUM FULL) would lock the catalog.
    compact: async () => 0,
    close: () => pool.end(),
  };
}
