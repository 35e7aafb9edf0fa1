/**
 * The background warmer (src/server/warm.ts) on both stores: it waits while the index or a run is busy, refreshes the
 * Harbor parts of an older database, tries a failing image once per database, and looks again when the database changes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { openDatabase } from "../../src/server/db/open.js";
import type { SqlDatabase } from "../../src/server/db/sql.js";
import { startWarmer } from "../../src/server/warm.js";
import { silentLogger } from "../../src/util/log.js";
import { adapters } from "./adapters.js";

const inventory = (name: string): Inventory => ({ target: { name, source: "oci-archive", repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings: [] });

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>) => {
  const until = Date.now() + 10_000;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function seed(db: SqlDatabase) {
  const catalog = sqlCatalog(db);
  const image = (digest: string, verified: boolean) => ({ digest, reference: `r.example/${digest.slice(7)}:1`, registry: "r.example", repo: digest.slice(7), tag: "1", distro: null, verified });
  await catalog.putImage(image("sha256:a", true), inventory("a"), 100);
  await catalog.putImage(image("sha256:b", true), inventory("b"), 200);
  await catalog.putImage(image("sha256:c", false), inventory("c"), 300);
  // Harbor asked about a and c, for the database "v1".
  for (const d of ["sha256:a", "sha256:c"]) {
    await db.run("INSERT INTO image_reports (digest, kind, version, inventory_at, body, created_at) VALUES (?, 'harbor-vulnerabilities', 'v1', 0, '{}', 0)", [d]);
  }
}

for (const { kind, make } of adapters) {
  describe(`warmer on ${kind}`, () => {
    it("refreshes the Harbor parts of an older database once the index is idle, once per database, a failing image once", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      let version = "v2";
      let busy = true;
      const harbor: string[] = [];
      const failing = new Set(["sha256:c"]);
      const warmer = startWarmer({
        db, logger: silentLogger, pollMs: 20, batch: 1,
        findings: { version: () => version },
        busy: async () => busy,
        harborPart: async (digest) => {
          harbor.push(`${digest}@${version}`);
          if (failing.has(digest)) throw new Error("cannot match");
          await db.run("UPDATE image_reports SET version = ? WHERE digest = ?", [version, digest]);
          return "{}";
        },
      });
      try {
        await seed(db);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(harbor, [], "nothing while the index or a run is busy");
        busy = false;
        await waitFor("the first database warmed", () => harbor.length === 2);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(harbor.sort(), ["sha256:a@v2", "sha256:c@v2"], "the parts Harbor asked about, each once; the failing one tried once");
        const versions = await db.all<{ digest: string; version: string }>("SELECT digest, version FROM image_reports ORDER BY digest");
        assert.deepEqual(versions, [{ digest: "sha256:a", version: "v2" }, { digest: "sha256:c", version: "v1" }]);
        // A new database: every part again (the failing image is tried again for it).
        failing.clear();
        version = "v3";
        await waitFor("the new database warmed", () => harbor.length === 4);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(harbor.slice(2).sort(), ["sha256:a@v3", "sha256:c@v3"]);
      } finally {
        await warmer.stop();
        await db.close();
        await t.drop();
      }
    });
  });
}
