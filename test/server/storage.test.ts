import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { layerCacheKey } from "../../src/cache/layer-cache.js";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { catalogLayerCache } from "../../src/server/catalog/layer-cache.js";
import { sqlTokens } from "../../src/server/catalog/tokens.js";
import { latestVersion, migrate, migrations, schemaVersion } from "../../src/server/db/migrations.js";
import { openDatabase } from "../../src/server/db/open.js";
import { openPostgres } from "../../src/server/db/postgres.js";
import { openSqlite } from "../../src/server/db/sqlite.js";
import type { SqlDatabase } from "../../src/server/db/sql.js";
import { adapters } from "./adapters.js";

const rawOpen = (kind: string, url: string): SqlDatabase => (kind === "postgres" ? openPostgres(url) : openSqlite(url));

const inventory = (name: string): Inventory => ({ target: { name, source: "oci-archive", repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings: [] });

for (const { kind, make } of adapters) {
  describe(`storage on ${kind}`, () => {
    it("migrates from an empty database and from every earlier version, keeping data", async () => {
      for (const from of [0, ...migrations.slice(0, -1).map((m) => m.version)]) {
        const t = await make();
        try {
          const db = rawOpen(kind, t.url);
          await migrate(db, from);
          assert.equal(await schemaVersion(db), from);
          if (from >= 1) {
            await db.run("INSERT INTO inventories (digest, inventory, created_at) VALUES (?, ?, ?)", ["sha256:aa", "{}", 1]);
            await db.run("INSERT INTO layers (key, diff_id, entry, created_at) VALUES (?, ?, ?, ?)", ["k", "sha256:d", Buffer.from("e"), 7]);
            await db.run("INSERT INTO images (digest, reference, registry, repo, tag, distro, verified, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
              "sha256:aa", "example.com/app:1", "example.com", "app", "1", null, 1, 5, 6,
            ]);
          }
          assert.equal(await migrate(db), from);
          assert.equal(await schemaVersion(db), latestVersion);
          assert.equal(await migrate(db), latestVersion, "a second start migrates nothing");
          if (from >= 1) {
            assert.equal((await db.all("SELECT digest FROM inventories")).length, 1);
            // Layer analyses written before their use was recorded count as used when written (migration 13).
            assert.deepEqual(await db.all("SELECT key, created_at, used_at FROM layers"), [{ key: "k", created_at: 7, used_at: from < 13 ? 7 : 0 }]);
            if (from < 3) {
              assert.deepEqual(await db.all("SELECT reference, tag, first_seen, last_seen FROM image_tags"), [{ reference: "example.com/app:1", tag: "1", first_seen: 5, last_seen: 6 }], "the seen reference is the first of the tag history");
              assert.deepEqual(await db.all("SELECT packages_indexed FROM images"), [{ packages_indexed: 0 }], "its packages are indexed by the server");
            }
          }
          await db.close();
        } finally {
          await t.drop();
        }
      }
    });

    it("stores images, inventories, layer analyses and hashed tokens", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const catalog = sqlCatalog(db);
        const base = { reference: "r", registry: null, repo: "lib/a", tag: "1", distro: "debian 12", verified: true };
        await catalog.putImage({ ...base, digest: "sha256:b" }, inventory("b"), 10);
        await catalog.putImage({ ...base, digest: "sha256:a", tag: "2" }, inventory("a"), 20);
        await catalog.putImage({ ...base, digest: "sha256:a", tag: "3" }, inventory("a2"), 30);
        const a = await catalog.getImage("sha256:a");
        assert.deepEqual([a?.tag, a?.firstSeen, a?.lastSeen, a?.verified], ["3", 20, 30, true]);
        assert.equal((await catalog.getInventory("sha256:a"))?.target.name, "a2");
        assert.deepEqual((await catalog.listImages({ limit: 1 })).map((i) => i.digest), ["sha256:a"]);
        assert.deepEqual((await catalog.listImages({ limit: 5, after: "sha256:a" })).map((i) => i.digest), ["sha256:b"]);
        assert.deepEqual((await catalog.listImages({ limit: 5, tag: "1" })).map((i) => i.digest), ["sha256:b"]);
        assert.equal(await catalog.deleteImage("sha256:a"), true);
        assert.equal(await catalog.getInventory("sha256:a"), undefined);
        assert.equal(await catalog.countImages(), 1);

        const cache = catalogLayerCache(db);
        const key = layerCacheKey("sha256:d1", [{ id: "dpkg", version: 1 }]);
        assert.equal(await cache.get(key), undefined);
        const entry = { analysis: { schema: 1, diffId: "sha256:d1", files: [] }, blobs: ["sha256:b1"] } as never;
        await cache.put(key, entry);
        await cache.put(key, entry);
        assert.deepEqual(await cache.get(key), entry);
        assert.deepEqual(cache.stats, { hits: 1, misses: 1 });

        const tokens = sqlTokens(db);
        const { token } = await tokens.create("reader");
        assert.equal(await tokens.verify(token), "reader");
        assert.equal(await tokens.verify(token + "x"), undefined);
        assert.equal((await db.all("SELECT hash FROM tokens WHERE hash = ?", [token])).length, 0, "never stored in clear");
      } finally {
        await db.close();
        await t.drop();
      }
    });

    it("keeps a verified token briefly, never an unknown one, and forgets on request", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        let clock = 1_000;
        const tokens = sqlTokens(db, 5_000, () => clock);
        const { token, id } = await tokens.create("scanner");
        const other = await sqlTokens(db).create("admin");
        assert.equal(await tokens.verify(token), "scanner");
        // Revoked by another process (a row deleted behind this store's back): believed until the time runs out.
        await db.run("DELETE FROM tokens WHERE id = ?", [id]);
        clock += 4_999;
        assert.equal(await tokens.verify(token), "scanner", "kept for the time given");
        assert.equal(await tokens.verify(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A")), undefined, "a token differing in one character is not the kept one");
        clock += 1;
        assert.equal(await tokens.verify(token), undefined, "read again once the time ran out, and gone");
        assert.equal(await tokens.verify(token), undefined);
        // An unknown token is never kept: creating it later makes it valid at once.
        assert.equal(await tokens.verify(other.token), "admin");
        tokens.forget();
        await db.run("DELETE FROM tokens WHERE id = ?", [other.id]);
        assert.equal(await tokens.verify(other.token), undefined, "forget() drops what was kept");
        // Without a time to keep, every verification reads the catalog.
        const strict = sqlTokens(db, 0);
        const third = await strict.create("reader");
        assert.equal(await strict.verify(third.token), "reader");
        await db.run("DELETE FROM tokens WHERE id = ?", [third.id]);
        assert.equal(await strict.verify(third.token), undefined);
      } finally {
        await db.close();
        await t.drop();
      }
    });
  });
}
