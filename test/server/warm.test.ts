/**
 * The background warmer (src/server/warm.ts) on both stores: it waits while the index or a run is busy, refreshes the
 * Harbor parts of an older database, evaluates the active policy on verified images without an evaluation for the
 * database in use, tries a failing image once per key, and looks again when the database or the policy changes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { openDatabase } from "../../src/server/db/open.js";
import type { SqlDatabase } from "../../src/server/db/sql.js";
import type { Verdict } from "../../src/server/verdicts.js";
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
    it("refreshes Harbor parts and evaluates the active policy once the index is idle, once per database and policy", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      let version = "v2";
      let revision: string | undefined = "r1";
      let busy = true;
      const harbor: string[] = [];
      const checked: string[] = [];
      const failing = new Set(["sha256:b"]);
      const warmer = startWarmer({
        db, logger: silentLogger, pollMs: 20, batch: 1, allowUnverified: false,
        findings: { version: () => version },
        policies: { active: async () => (revision ? { id: "p", name: "p", revision, active: true, createdAt: "", activatedAt: null, document: "" } : undefined) },
        busy: async () => busy,
        harborPart: async (digest) => {
          harbor.push(digest);
          await db.run("UPDATE image_reports SET version = ? WHERE digest = ?", [version, digest]);
          return "{}";
        },
        verdicts: {
          check: async (digest): Promise<Verdict> => {
            checked.push(`${digest}@${revision}/${version}`);
            if (failing.has(digest)) throw new Error("cannot evaluate");
            const storedAt = Number((await db.all<{ created_at: number }>("SELECT created_at FROM inventories WHERE digest = ?", [digest]))[0]!.created_at);
            await db.run(
              `INSERT INTO policy_evaluations (id, digest, stored_at, policy_id, revision, db_version, final_action, evaluation, created_at) VALUES (?, ?, ?, 'p', ?, ?, 'GO', '{}', 0)`,
              [`${digest}-${revision}-${version}`, digest, storedAt, revision, version],
            );
            return { status: "evaluated", cached: false, policy: { id: "p", name: "p", revision: revision! }, dbVersion: version, storedAt: "", evaluation: {} as never };
          },
        },
      });
      try {
        await seed(db);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual([harbor, checked], [[], []], "nothing while the index or a run is busy");
        busy = false;
        await waitFor("the first key warmed", () => harbor.length === 2 && checked.length === 2);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(harbor, ["sha256:a", "sha256:c"], "the parts Harbor asked about, each once");
        assert.deepEqual(checked.sort(), ["sha256:a@r1/v2", "sha256:b@r1/v2"], "verified images only; the failing one tried once");
        // A new policy revision: verdicts again (the failing image is tried again for the new key), Harbor parts are current.
        failing.clear();
        revision = "r2";
        await waitFor("the new revision warmed", () => checked.length === 4);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(checked.slice(2).sort(), ["sha256:a@r2/v2", "sha256:b@r2/v2"]);
        assert.equal(harbor.length, 2);
        // A new database: both again; no active policy: Harbor parts only.
        revision = undefined;
        version = "v3";
        await waitFor("the new database warmed", () => harbor.length === 4);
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(checked.length, 4, "no policy: no verdicts");
      } finally {
        await warmer.stop();
        await db.close();
        await t.drop();
      }
    });
  });
}
