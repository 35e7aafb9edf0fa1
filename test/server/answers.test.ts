import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, it } from "node:test";
import { one } from "../../src/server/db/sql.js";
import { testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";
import { inflateRawSync } from "node:zlib";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const TAMPERED = JSON.stringify({ database: null, vulnerabilities: [], warnings: ["not the answer"] });

for (const { kind, make } of adapters) {
  describe(`stored answers of …/vulnerabilities on ${kind}`, () => {
    it("serves the indexer's stored answer, equal to the computed one; never one of another database or inventory", async () => {
      const images = testImages();
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const call = api(server.url, await server.token("reader"));
        const admin = api(server.url, await server.token("admin"));
        const scan = await waitForScan(admin, ((await (await admin("POST", "/images", { reference: images.ociArchive })).json()) as { scanId: string }).scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const digest = scan.digest!;
        const path = `/images/${digest}/vulnerabilities`;
        const db = server.db;
        const rowOf = async () => {
          const r = await one<{ db_version: string; inventory_at: number; answer: string; answer_z: Buffer | null }>(db, "SELECT db_version, inventory_at, answer, answer_z FROM image_answers WHERE digest = ?", [digest]);
          // Stored deflated (migration 18); text rows of earlier versions are still read.
          return r && { ...r, answer: r.answer_z ? inflateRawSync(r.answer_z).toString("utf8") : r.answer, deflated: r.answer_z !== null && r.answer === "" };
        };
        const read = async (p = path) => {
          const res = await call("GET", p);
          assert.equal(res.status, 200, await res.clone().text());
          assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
          return (await res.json()) as { digest: string; database: { builtAt: string } | null; vulnerabilities: { id: string }[]; warnings: string[] };
        };

        // The worker indexed the image before the scan was done: the answer is stored, for the current inventory.
        const stored = await rowOf();
        assert.ok(stored, "an answer row after the scan");
        assert.ok(stored.deflated, "stored deflated");
        const inventoryAt = (await one<{ created_at: number }>(db, "SELECT created_at FROM inventories WHERE digest = ?", [digest]))!.created_at;
        assert.equal(Number(stored.inventory_at), Number(inventoryAt));
        const fromStore = await read();
        assert.equal(fromStore.digest, digest);
        assert.ok(fromStore.vulnerabilities.length > 0, "the fixture database matches something in bookworm");
        assert.equal(typeof fromStore.database?.builtAt, "string");

        // The computed path (no stored row) answers the same, and stores it again.
        await db.run("DELETE FROM image_answers WHERE digest = ?", [digest]);
        const computed = await read();
        assert.deepEqual(computed, fromStore);
        const again = await rowOf();
        assert.ok(again, "a read that computed stores its answer");
        assert.deepEqual(JSON.parse(again.answer), JSON.parse(stored.answer));
        // Every severity named in another order is another query (computed through the report): the same answer.
        assert.deepEqual(await read(`${path}?severity=UNKNOWN,NEGLIGIBLE,LOW,MEDIUM,HIGH,CRITICAL`), fromStore);

        // An answer of another inventory (stored before the current one) or of another database is never served.
        await db.run("UPDATE image_answers SET answer = ?, answer_z = NULL, inventory_at = ? WHERE digest = ?", [TAMPERED, Number(inventoryAt) - 1, digest]);
        assert.deepEqual(await read(), fromStore);
        await db.run("DELETE FROM image_answers WHERE digest = ?", [digest]);
        await db.run("INSERT INTO image_answers (digest, db_version, db_built, inventory_at, answer) VALUES (?, ?, ?, ?, ?)", [digest, "an older database", 0, inventoryAt, TAMPERED]);
        assert.deepEqual(await read(), fromStore);
        // The tampered row proves the read path serves what is stored for the current version and inventory.
        await db.run("UPDATE image_answers SET answer = ?, answer_z = NULL WHERE digest = ? AND db_version = ?", [TAMPERED, digest, stored.db_version]);
        assert.deepEqual((await read()).warnings, ["not the answer"]);

        // The rows go with the image.
        assert.equal((await admin("DELETE", `/images/${digest}`)).status, 204);
        assert.equal(Number((await one<{ n: number }>(db, "SELECT COUNT(*) AS n FROM image_answers"))!.n), 0);
        assert.equal((await call("GET", path)).status, 404);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
