import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { sqlLocks } from "../../src/server/catalog/locks.js";
import { sqlRegistries } from "../../src/server/catalog/registries.js";
import { openDatabase } from "../../src/server/db/open.js";
import { keyIdOf, secretBox } from "../../src/server/secrets.js";
import { adapters } from "./adapters.js";

const inventory: Inventory = { target: { name: "x", source: "oci-archive", repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings: [] };

for (const { kind, make } of adapters) {
  describe(`locks, resolutions and sealed registries on ${kind}`, () => {
    it("gives a lock to one holder at a time, across connections, until released or its lease runs out", async () => {
      const t = await make();
      // Two connections (two processes on PostgreSQL) with their own clocks.
      let clock = 1_000_000;
      const a = await openDatabase(t.url);
      const b = kind === "postgres" ? await openDatabase(t.url) : a;
      try {
        const la = sqlLocks(a, () => clock);
        const lb = sqlLocks(b, () => clock);
        const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? la : lb).tryAcquire("inventory:x", `w${i}`, 1000)));
        assert.equal(wins.filter(Boolean).length, 1, "one of 20 concurrent holders");
        const holder = `w${wins.indexOf(true)}`;
        assert.equal(await la.tryAcquire("inventory:x", "other", 1000), false);
        assert.equal(await la.tryAcquire("inventory:x", holder, 1000), true, "the holder again");
        assert.equal(await lb.tryAcquire("inventory:y", "other", 1000), true, "another name is free");
        clock += 900;
        assert.equal(await lb.renew("inventory:x", holder, 1000), true);
        clock += 900;
        assert.equal(await la.tryAcquire("inventory:x", "other", 1000), false, "renewed: still held");
        assert.equal(await la.renew("inventory:x", "other", 1000), false, "only the holder renews");
        clock += 200;
        assert.equal(await la.tryAcquire("inventory:x", "other", 1000), true, "an expired lease is taken over");
        assert.equal(await lb.renew("inventory:x", holder, 1000), false, "the old holder has lost it");
        await la.release("inventory:x", holder);
        assert.equal(await lb.tryAcquire("inventory:x", "third", 1000), false, "a release by a non-holder does nothing");
        await la.release("inventory:x", "other");
        assert.equal(await lb.tryAcquire("inventory:x", "third", 1000), true);
      } finally {
        if (b !== a) await b.close();
        await a.close();
        await t.drop();
      }
    });

    it("reuses a resolution only while every image it names has its inventory; retags keep a tag", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const catalog = sqlCatalog(db);
        const [d1, d2] = [`sha256:${"1".repeat(64)}`, `sha256:${"2".repeat(64)}`];
        for (const digest of [d1, d2]) await catalog.putImage({ digest, reference: "r.example/app:1", registry: "r.example", repo: "app", tag: "1", distro: null, verified: true }, inventory);
        await catalog.putResolution("k", `sha256:${"9".repeat(64)}`, [d1, d2]);
        assert.deepEqual(await catalog.getResolution("k"), [d1, d2]);
        assert.equal(await catalog.getResolution("other"), undefined);
        assert.ok(await catalog.retag(d1, { reference: "r.example/app@sha256:…", registry: "r.example", repo: "app", tag: null }));
        assert.equal((await catalog.getImage(d1))?.tag, "1", "a digest reference keeps the tag");
        await catalog.retag(d1, { reference: "r.example/app:2", registry: "r.example", repo: "app", tag: "2" });
        assert.equal((await catalog.getImage(d1))?.tag, "2");
        await catalog.deleteImage(d2);
        assert.equal(await catalog.getResolution("k"), undefined, "an image was pruned: analyse again");
      } finally {
        await db.close();
        await t.drop();
      }
    });

    it("seals registry credentials, opens them for the workers only, and seals them again under a new key", async () => {
      const t = await make();
      const db = await openDatabase(t.url);
      try {
        const oldKey = randomBytes(32);
        const newKey = randomBytes(32);
        const before = sqlRegistries(db, secretBox([oldKey]));
        const basic = await before.create({ host: "r.example:5000", insecure: false, credentials: { username: "u", password: "p-secret" } });
        const token = await before.create({ host: "t.example", insecure: true, credentials: { token: "tok-secret" } });
        await before.create({ host: "open.example", insecure: false });
        assert.deepEqual([basic.credentials, token.credentials], ["basic", "token"]);
        assert.ok(!JSON.stringify(await before.list()).includes("secret"));
        await assert.rejects(before.create({ host: "r.example:5000", insecure: false }), /already configured/);

        const rotated = sqlRegistries(db, secretBox([newKey, oldKey]));
        assert.equal(await rotated.reseal(), 2);
        assert.equal(await rotated.reseal(), 0);
        const keyIds = (await db.all<{ key_id: string | null }>("SELECT key_id FROM registries WHERE key_id IS NOT NULL")).map((r) => r.key_id);
        assert.deepEqual(keyIds, [keyIdOf(newKey), keyIdOf(newKey)]);
        const access = await sqlRegistries(db, secretBox([newKey])).access();
        assert.deepEqual(access.get("r.example:5000"), { insecure: false, credentials: { username: "u", password: "p-secret", source: "registry r.example:5000" } });
        assert.deepEqual(access.get("t.example"), { insecure: true, credentials: { identityToken: "tok-secret", source: "registry t.example" } });
        assert.deepEqual(access.get("open.example"), { insecure: false });
        assert.ok((await sqlRegistries(db, secretBox([oldKey])).access()).get("t.example") instanceof Error, "a process without the key cannot open them");

        // A sealed value moved to another row does not open.
        await db.run("UPDATE registries SET secret = (SELECT secret FROM registries WHERE id = ?) WHERE id = ?", [basic.id, token.id]);
        assert.ok((await rotated.access()).get("t.example") instanceof Error);

        const cleared = await rotated.update(basic.id, { host: "r.example:5000", insecure: true, credentials: null });
        assert.deepEqual([cleared?.credentials, cleared?.insecure], [null, true]);
        const kept = await rotated.update(token.id, { host: "t.example", insecure: true });
        assert.equal(kept?.credentials, "token", "credentials absent: kept");
        assert.equal(await rotated.update("6f1c2c4e-8f55-4d2b-9d7e-0a5c0f7b3b11", { host: "x.example", insecure: false }), undefined);
        assert.ok(await rotated.delete(basic.id));
        assert.deepEqual((await rotated.hosts()).sort(), ["open.example", "t.example"]);
      } finally {
        await db.close();
        await t.drop();
      }
    });
  });
}
