/**
 * The SQLite adapter's statement cache (prepared once per SQL text, bounded, right across schema changes), and the
 * reads that check an image's inventory time without walking the inventory's row.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { openDatabase } from "../../src/server/db/open.js";
import type { Row, SqlDatabase } from "../../src/server/db/sql.js";
import { openSqlite, statementCache } from "../../src/server/db/sqlite.js";
import { readAnswer } from "../../src/server/fleet/answers.js";
import { readMatch } from "../../src/server/fleet/matches.js";
import { readStored } from "../../src/server/harbor/stored.js";

describe("SQLite statement cache", () => {
  it("prepares a statement once per SQL text and keeps the most recently used", () => {
    const db = new Database(":memory:");
    try {
      let prepared = 0;
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (prepared++, prepare(sql))) as typeof db.prepare;
      const cached = statementCache(db, 2);
      const a = cached("SELECT 1 AS x");
      assert.equal(cached("SELECT 1 AS x"), a, "the same statement object");
      cached("SELECT 2 AS x");
      assert.equal(prepared, 2);
      cached("SELECT 1 AS x"); // used again: the most recent
      cached("SELECT 3 AS x"); // evicts SELECT 2, the least recently used
      assert.equal(prepared, 3);
      assert.equal(cached("SELECT 1 AS x"), a, "kept");
      cached("SELECT 2 AS x");
      assert.equal(prepared, 4, "SELECT 2 was evicted and is prepared again");
      assert.deepEqual(cached("SELECT 1 AS x").all(), [{ x: 1 }]);
    } finally {
      db.close();
    }
  });

  it("answers through the adapter after the schema changes under a kept statement", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-sqlite-"));
    const db = openSqlite(join(dir, "c.db"));
    try {
      await db.run("CREATE TABLE t (a INTEGER)");
      await db.run("INSERT INTO t (a) VALUES (?)", [1]);
      const read = "SELECT * FROM t ORDER BY a";
      assert.deepEqual(await db.all(read), [{ a: 1 }]);
      await db.run("ALTER TABLE t ADD COLUMN b TEXT");
      await db.run("INSERT INTO t (a, b) VALUES (?, ?)", [2, "x"]);
      assert.deepEqual(await db.all(read), [{ a: 1, b: null }, { a: 2, b: "x" }], "the kept statement sees the new column");
      assert.equal(await db.tx(async (q) => q.run("UPDATE t SET b = ? WHERE a = ?", ["y", 1])), 1);
      assert.deepEqual(await db.all("SELECT b FROM t WHERE a = ?", [1]), [{ b: "y" }]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("SQLite reads of an inventory's time", () => {
  it("answer, match, Harbor part and stored-at reads check the inventory from the covering index, not its row", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-sqlite-"));
    const db = await openDatabase(join(dir, "c.db"));
    try {
      const plans: string[] = [];
      const traced: SqlDatabase = {
        ...db,
        all: async <T extends Row>(sql: string, params?: readonly unknown[]) => {
          plans.push((await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join("; "));
          return db.all<T>(sql, params);
        },
      };
      await readAnswer(traced, "v", "sha256:a", null);
      await readMatch(traced, "v", "sha256:a", true);
      await readStored(traced, "sha256:a", "harbor-vulnerabilities", "v");
      await sqlCatalog(traced).inventoryStoredAt("sha256:a");
      assert.equal(plans.length, 4);
      for (const plan of plans) assert.match(plan, /COVERING INDEX inventories_stored/, plan);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
