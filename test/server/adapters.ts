/**
 * Every server test runs on both storage adapters: a SQLite file in a temp dir, and a PostgreSQL database
 * the test creates (and drops) on the shared server at 127.0.0.1:5432 (trust auth, user postgres).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  kind: "sqlite" | "postgres";
  /** What `--database` would be given. */
  url: string;
  drop(): Promise<void>;
}

/** One statement on the admin connection (database `test`); its rows. */
export async function pgAdmin<T extends object = object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const adminQuery = async (sql: string): Promise<void> => void (await pgAdmin(sql));

export async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "dredge-server-"));
  return { kind: "sqlite", url: join(dir, "dredge.db"), drop: () => rm(dir, { recursive: true, force: true }) };
}

/** A new database; a copy of `template` when given (a database nobody is connected to). */
export async function postgresDatabase(template?: string): Promise<TestDatabase> {
  const name = `dredge_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  return {
    kind: "postgres",
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export const adapters = [
  { kind: "sqlite", make: sqliteDatabase },
  { kind: "postgres", make: postgresDatabase },
] as const;
