import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { openDatabase } from "../../src/server/db/open.js";
import { sqlQueue } from "../../src/server/queue/queue.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { prune } from "../../src/server/retention.js";
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
        await db.run("INSERT INTO layers (key, diff_id, entry, created_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)", ["k1", "d1", Buffer.from("x"), 100, "k2", "d2", Buffer.from("y"), 5_000]);

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
  });
}
