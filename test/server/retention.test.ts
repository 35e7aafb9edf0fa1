import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { catalogLayerCache } from "../../src/server/catalog/layer-cache.js";
import { one } from "../../src/server/db/sql.js";
import Database from "better-sqlite3";
import { openDatabase } from "../../src/server/db/open.js";
import { sqlQueue } from "../../src/server/queue/queue.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { prune, retain } from "../../src/server/retention.js";
import { adapters } from "./adapters.js";

const inv: Inventory = {
  target: { name: "x", source: "oci-archive", repoTags: [], repoDigests: [] },
  packages: [{ type: "deb", name: "zlib1g", version: "1:1.2.13.dfsg-1", purl: "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1", locations: [] }],
  layers: [],
  warnings: [],
};
const indexTables = ["image_tags", "image_packages", "image_findings", "image_summaries"];

for (const { kind, make } of adapters) {
  describe(`retention on ${kind}`, () => {
    it("keeps the last scans per target, active scans, and images and layers seen recently", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const clock = { t: 1_000 };
        const queue = sqlQueue(db, defaultQueueSettings, () => clock.t);
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) {
          clock.t += 10;
          const { job } = await queue.enqueue("a", "a", "manual");
          await queue.claim("w");
          await queue.complete(job.id, "w", "sha256:a");
          ids.push(job.id);
        }
        const active = (await queue.enqueue("a", "a", "manual")).job;
        const other = (await queue.enqueue("b", "b", "manual")).job;
        const catalog = sqlCatalog(db);
        const img = { reference: "r", registry: null, repo: null, tag: null, distro: null, verified: true };
        await catalog.putImage({ ...img, digest: "sha256:old" }, inv, 100);
        await catalog.putImage({ ...img, digest: "sha256:new" }, inv, 5_000);
        await db.run("INSERT INTO layers (key, diff_id, entry, created_at, used_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)", ["k1", "d1", Buffer.from("x"), 100, 100, "k2", "d2", Buffer.from("y"), 5_000, 5_000]);

        for (const digest of ["sha256:old", "sha256:new"]) {
          await db.run("INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, indexed_at) VALUES (?, 1, ?, 0, 0, 0, 0, 0, 0, 0, 0, 1)", ["v", digest]);
          await db.run(
            "INSERT INTO image_findings (db_version, db_built, digest, match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev) VALUES (?, 1, ?, 'CVE-1', 'CVE-1', '[]', 'deb', 'zlib1g', 'p', '1', '[]', 'LOW', 'affected', 0)",
            ["v", digest],
          );
        }
        for (const table of indexTables) assert.equal((await db.all(`SELECT 1 AS x FROM ${table} WHERE digest = ?`, ["sha256:old"])).length, 1, table);

        const pruned = await prune(db, { keepScans: 2, maxAgeMs: 1_000 }, 6_000);
        assert.deepEqual(pruned, { scans: 2, images: 1, layers: 1 });
        for (const id of ids.slice(0, 2)) assert.equal(await queue.get(id), undefined);
        for (const id of [...ids.slice(2), active.id, other.id]) assert.ok(await queue.get(id), id);
        assert.equal(await catalog.getInventory("sha256:old"), undefined);
        assert.ok(await catalog.getInventory("sha256:new"));
        for (const table of indexTables) {
          assert.equal((await db.all(`SELECT 1 AS x FROM ${table} WHERE digest = ?`, ["sha256:old"])).length, 0, `${table} rows of a removed image`);
          assert.equal((await db.all(`SELECT 1 AS x FROM ${table} WHERE digest = ?`, ["sha256:new"])).length, 1, `${table} rows of a kept image`);
        }
        assert.deepEqual((await db.all<{ key: string }>("SELECT key FROM layers")).map((r) => r.key), ["k2"]);
      } finally {
        await db.close();
        await t.drop();
      }
    });

    it("prunes layer analyses by last use, recorded at most once an hour per layer", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const HOUR = 3_600_000;
        const DAY = 24 * HOUR;
        const clock = { t: 10 * DAY };
        const cache = catalogLayerCache(db, () => clock.t);
        const entry = (diffId: string) => ({ analysis: { schema: 1, diffId, files: [] }, blobs: [`sha256:b${diffId}`] }) as never;
        const usedAt = async (key: string) => Number((await one<{ used_at: number }>(db, "SELECT used_at FROM layers WHERE key = ?", [key]))?.used_at);
        await cache.put("in-use", entry("sha256:1"));
        await cache.put("unused", entry("sha256:2"));
        assert.equal(await usedAt("in-use"), 10 * DAY, "a write is a use");

        // Hits within the hour write nothing; the first hit after it moves the time.
        clock.t += 30 * 60_000;
        assert.ok(await cache.get("in-use"));
        assert.equal(await usedAt("in-use"), 10 * DAY);
        clock.t = 10 * DAY + HOUR + 1;
        assert.ok(await cache.get("in-use"));
        assert.equal(await usedAt("in-use"), clock.t);
        // 20 days on, a scan uses it again; the other was never read.
        clock.t = 30 * DAY;
        assert.ok(await cache.get("in-use"));
        assert.equal(await usedAt("in-use"), 30 * DAY);
        assert.equal(await usedAt("unused"), 10 * DAY);

        // Retention of 15 days at day 35: both were written 25 days ago; only the one no scan used goes.
        const pruned = await prune(db, { keepScans: 1, maxAgeMs: 15 * DAY }, 35 * DAY);
        assert.equal(pruned.layers, 1);
        assert.deepEqual((await db.all<{ key: string }>("SELECT key FROM layers")).map((r) => r.key), ["in-use"]);
        assert.equal(Number((await one<{ created_at: number }>(db, "SELECT created_at FROM layers"))!.created_at), 10 * DAY, "written long ago, kept by its use");
      } finally {
        await db.close();
        await t.drop();
      }
    });

    it("gives the space back after a big prune (SQLite shrinks its file; PostgreSQL leaves it to autovacuum)", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        // 24 MiB of old layer analyses, 256 KiB of recent ones.
        for (let i = 0; i < 100; i++) {
          await db.run("INSERT INTO layers (key, diff_id, entry, created_at, used_at) VALUES (?, ?, ?, ?, ?)", [`old${i}`, "d", randomBytes(240 * 1024), 100, 100]);
        }
        await db.run("INSERT INTO layers (key, diff_id, entry, created_at, used_at) VALUES (?, ?, ?, ?, ?)", ["new", "d", randomBytes(256 * 1024), 9_000, 9_000]);
        const size = () => statSync(t.url).size;
        // The rows into the file (SQLite checkpoints every ~400 MB of WAL by itself); nothing is free yet.
        if (kind === "sqlite") await db.all("PRAGMA wal_checkpoint(TRUNCATE)");
        const before = kind === "sqlite" ? size() : 0;
        const pruned = await retain(db, { keepScans: 1, maxAgeMs: 1_000 }, 10_000);
        assert.equal(pruned.layers, 100);
        if (kind === "sqlite") {
          assert.ok(pruned.reclaimedBytes > 20 * 1024 * 1024, `reclaimed ${pruned.reclaimedBytes}`);
          assert.ok(size() < before - 20 * 1024 * 1024, `${before} → ${size()}`);
          assert.ok(size() < 4 * 1024 * 1024, `${size()}`);
        } else {
          assert.equal(pruned.reclaimedBytes, 0);
        }
        assert.equal((await db.all("SELECT key FROM layers")).length, 1);
        // A small prune does not compact.
        await db.run("INSERT INTO layers (key, diff_id, entry, created_at, used_at) VALUES (?, ?, ?, ?, ?)", ["old-small", "d", randomBytes(1024), 100, 100]);
        assert.equal((await retain(db, { keepScans: 1, maxAgeMs: 1_000 }, 10_000)).reclaimedBytes, 0);
      } finally {
        await db.close();
        await t.drop();
      }
    });

    if (kind === "sqlite") {
      it("converts a SQLite file made without incremental auto-vacuum, keeping its rows", async () => {
        const t = await make();
        const raw = new Database(t.url);
        raw.exec("CREATE TABLE keep (x TEXT); INSERT INTO keep VALUES ('kept')");
        assert.equal(raw.pragma("auto_vacuum", { simple: true }), 0);
        raw.close();
        const db = await openDatabase(t.url);
        try {
          assert.deepEqual(await db.all("PRAGMA auto_vacuum"), [{ auto_vacuum: 2 }]);
          assert.deepEqual(await db.all("SELECT x FROM keep"), [{ x: "kept" }]);
        } finally {
          await db.close();
          await t.drop();
        }
      });
    }
  });
}
