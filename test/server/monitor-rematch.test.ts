/**
 * Full re-matches and verdicts (docs/monitoring.md), on SQLite and PostgreSQL:
 * - a matcher upgrade (the index holds rows of the same database build under another Dredge version): the
 *   server plans a full re-match by itself, works it in the bulk lane, and a push scan posted meanwhile is
 *   done before the re-match ends (the bulk lane never starves it);
 * - a database update with an active policy that STOPs on a vulnerability the update adds: the image's
 *   history records the verdict GO → STOP, and a `policy.changed` notification reaches a subscriber.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { updateDatabase } from "../../src/db/distribution/index.js";
import { parseScanOptions } from "../../src/scan/index.js";
import { silentLogger } from "../../src/util/log.js";
import type { ImageChange } from "../../src/server/monitor/events.js";
import { testImages } from "../helpers/images.js";
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan, type Api } from "./harness.js";
import { openDatabase } from "../../src/server/db/open.js";
import { findingIdOf, monitorImages, NEW_GHSA, npmInventory, otherPackages, publishMonitorDb } from "./monitor-fixtures.js";
import { startReceiver, until } from "./notify-receiver.js";

let work: string;
let reg: TestRegistry;
let NEW_ID: string;
before(async () => {
  NEW_ID = await findingIdOf(NEW_GHSA);
  work = await mkdtemp(join(tmpdir(), "dredge-monitor-rematch-"));
  reg = await startRegistry();
});
after(async () => {
  await reg.stop();
  await rm(work, { recursive: true, force: true });
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

const IMAGES = 120;
const SECRET = "policy-changed-receiver-secret-1";

async function until2<T>(what: string, f: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function complete(call: Api, n: number): Promise<boolean> {
  const r = (await (await call("GET", "/images?limit=1")).json()) as { complete: boolean; total?: number };
  const rows = (await (await call("GET", `/images?limit=${n}`)).json()) as { items: unknown[] };
  return r.complete && rows.items.length === n;
}

for (const { kind, make } of adapters) {
  describe(`full re-match and verdicts on ${kind}`, () => {
    it("a matcher upgrade re-matches every image in the bulk lane, and a push scan is not starved", async () => {
      const t = await make();
      const first = await startTestServer(t.url, { workers: 1 });
      try {
        const scanner = api(first.url, await first.token("scanner"));
        for (let i = 0; i < IMAGES; i++) {
          const img = npmInventory(`app-${i}`, (i + 1).toString(16), ["lodash", "4.17.4"], otherPackages[i % otherPackages.length]!);
          assert.equal((await scanner("POST", "/inventories", img.inventory)).status, 201);
        }
        const reader = api(first.url, await first.token("reader"));
        await until("the first index", () => complete(reader, IMAGES), 120_000);
      } finally {
        await first.dispose();
      }
      // The index as an older Dredge wrote it: the same database build under another version id.
      const db = await openDatabase(t.url);
      let upgraded: string;
      try {
        const versions = await db.all<{ db_version: string }>("SELECT DISTINCT db_version FROM image_summaries");
        assert.equal(versions.length, 1);
        upgraded = versions[0]!.db_version;
        const old = upgraded.replace(/\|[^|]*$/, "|0.0.1-old");
        for (const table of ["image_summaries", "image_findings", "image_answers", "image_matches", "image_trends"]) {
          await db.run(`UPDATE ${table} SET db_version = ? WHERE db_version = ?`, [old, upgraded]);
        }
      } finally {
        await db.close();
      }
      const second = await startTestServer(t.url, { workers: 2, monitor: { batch: 1 } });
      try {
        const run = await until2("the full re-match planned", async () => (await second.db.all<{ id: string; state: string }>("SELECT id, state FROM monitor_runs WHERE cause = 'rematch'"))[0]);
        const scanner = api(second.url, await second.token("scanner"));
        const posted = (await (await scanner("POST", "/images", { reference: testImages().dockerArchive })).json()) as { scanId: string };
        const open = (await second.db.all<{ state: string }>("SELECT state FROM monitor_runs WHERE id = ?", [run.id]))[0]!.state;
        const scan = await waitForScan(scanner, posted.scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const done = await until2("the full re-match", async () => {
          const r = (await second.db.all<{ state: string; rematched: number; changed: number; finished_at: number }>("SELECT state, rematched, changed, finished_at FROM monitor_runs WHERE id = ?", [run.id]))[0];
          return r?.state === "done" ? r : undefined;
        }, 300_000);
        assert.deepEqual([Number(done.rematched), Number(done.changed)], [IMAGES, 0], "every image re-matched; the same findings record no change");
        const jobs = await second.db.all<{ lane: string; target: string; started_at: number }>("SELECT lane, target, started_at FROM scans WHERE target LIKE 'rematch:%'");
        assert.ok(jobs.length >= 2 && jobs.every((j) => j.lane === "bulk"), JSON.stringify(jobs.slice(0, 3)));
        const push = (await second.db.all<{ lane: string; started_at: number }>("SELECT lane, started_at FROM scans WHERE id = ?", [posted.scanId]))[0]!;
        assert.notEqual(push.lane, "bulk");
        if (open === "open") assert.ok(Number(push.started_at) <= Number(done.finished_at), "the push scan was claimed while bulk work remained");
        const indexed = await second.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM image_summaries WHERE db_version = ?", [upgraded]);
        assert.equal(Number(indexed[0]!.n), IMAGES + 1, "every image indexed for the version in use (and the scanned one)");
      } finally {
        await second.dispose();
        await t.drop();
      }
    });

    it("a database update with an active policy records the verdict GO → STOP and notifies policy.changed once", async () => {
      const t = await make();
      const repository = `${reg.host}/dredge/monitor-policy-${kind}:1`;
      await publishMonitorDb(work, repository, 1, "2026-03-01");
      const receiver = await startReceiver();
      receiver.behave("/policy", () => 200, SECRET);
      const server = await startTestServer(t.url, {
        workers: 1, scanOptions: parseScanOptions({ dbRepository: repository, cache: false }), policyAllowUnverified: true,
        notifications: { allowHosts: ["127.0.0.1"], settings: { pollMs: 20, timeoutMs: 3000 } },
      });
      try {
        const admin = api(server.url, await server.token("admin"));
        const scanner = api(server.url, await server.token("scanner"));
        for (const img of Object.values(monitorImages)) assert.equal((await scanner("POST", "/inventories", img.inventory)).status, 201);
        await until("the first index", () => complete(admin, 3), 120_000);
        const policy = `version: 1\nrules:\n  - { id: deny-new, gate: vulnerabilities, trigger: id, params: { ids: ["${NEW_ID}"] }, action: STOP }\n`;
        const created = await admin("POST", "/policies", { name: "deny-new", document: policy, active: true });
        assert.equal(created.status, 201, await created.clone().text());
        const sub = await admin("POST", "/subscriptions", { name: "verdicts", url: `${receiver.url}/policy`, secret: SECRET, events: ["policy.changed"] });
        assert.equal(sub.status, 201, await sub.clone().text());
        const { lodash, minimist } = monitorImages;
        const verdict = async (digest: string) => ((await (await admin("GET", `/images/${digest}/check`)).json()) as { finalAction: string }).finalAction;
        assert.deepEqual([await verdict(lodash.digest), await verdict(minimist.digest)], ["GO", "GO"]);

        await publishMonitorDb(work, repository, 2, "2026-03-02");
        assert.equal((await admin("POST", "/db/update")).status, 202);
        await until2("the re-evaluation", async () => (await server.db.all<{ state: string }>("SELECT state FROM monitor_runs WHERE cause = 'db-update' AND state = 'done'"))[0]);
        const history = ((await (await admin("GET", `/images/${lodash.digest}/history`)).json()) as { items: ImageChange[] }).items;
        assert.equal(history.length, 1);
        assert.deepEqual(history[0]!.verdict, { before: "GO", after: "STOP" });
        assert.ok(history[0]!.new.some((f) => f.id === NEW_ID));
        assert.deepEqual([await verdict(lodash.digest), await verdict(minimist.digest)], ["STOP", "GO"]);

        await until("the policy.changed notification", () => receiver.at("/policy").length >= 1, 60_000);
        await new Promise((r) => setTimeout(r, 300));
        const events = receiver.at("/policy").map((r) => JSON.parse(r.body) as { type: string; image: { digest: string }; verdict: { before: string; after: string } });
        assert.equal(events.length, 1, "one notification, for the image whose verdict moved");
        assert.deepEqual([events[0]!.type, events[0]!.image.digest, events[0]!.verdict], ["policy.changed", lodash.digest, { before: "GO", after: "STOP" }]);
      } finally {
        await server.dispose();
        await receiver.close();
        await t.drop();
      }
    });

    it("a database updated while the server was stopped: the delta is computed at start, from the kept previous database", async () => {
      const t = await make();
      const repository = `${reg.host}/dredge/monitor-offline-${kind}:1`;
      const cacheDir = await mkdtemp(join(tmpdir(), "dredge-monitor-cache-"));
      const options = { workers: 1, scanOptions: parseScanOptions({ dbRepository: repository, cache: false }), cacheDir };
      try {
        const built1 = await publishMonitorDb(work, repository, 1, "2026-04-01");
        const first = await startTestServer(t.url, options);
        try {
          const scanner = api(first.url, await first.token("scanner"));
          for (const img of Object.values(monitorImages)) assert.equal((await scanner("POST", "/inventories", img.inventory)).status, 201);
          const reader = api(first.url, await first.token("reader"));
          await until("the first index", () => complete(reader, 3), 120_000);
        } finally {
          await first.dispose();
        }
        // `dredge db update` while the server is stopped.
        const second = await publishMonitorDb(work, repository, 2, "2026-04-02");
        const updated = await updateDatabase({ cacheDir, repository, logger: silentLogger });
        assert.equal(updated.installed.info.builtAt, second);
        assert.equal(updated.installed.info.previous?.builtAt, built1, "the replaced generation is kept");

        const server = await startTestServer(t.url, options);
        try {
          const run = await until2("the re-evaluation planned at start", async () => {
            const r = (await server.db.all<{ state: string; affected: number; carried: number; rematched: number; changed: number }>(
              "SELECT state, affected, carried, rematched, changed FROM monitor_runs WHERE cause = 'db-update'",
            ))[0];
            return r?.state === "done" ? r : undefined;
          });
          assert.deepEqual([run.affected, run.rematched, run.carried, run.changed].map(Number), [1, 1, 2, 1]);
          const admin = api(server.url, await server.token("admin"));
          const history = ((await (await admin("GET", `/images/${monitorImages.lodash.digest}/history`)).json()) as { items: ImageChange[] }).items;
          assert.equal(history.length, 1);
          assert.ok(history[0]!.new.some((f) => f.id === NEW_ID));
          assert.equal(history[0]!.previousDbVersion?.split("|")[0], built1);
        } finally {
          await server.dispose();
        }
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
        await t.drop();
      }
    });
  });
}
