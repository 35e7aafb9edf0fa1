/**
 * Re-evaluation from database deltas (docs/monitoring.md), on SQLite and PostgreSQL: a server with three
 * stored images switches from one real database to a second that changes lodash's advisories only; only the
 * lodash image is re-matched, its history records the new, resolved and changed findings, the others are
 * carried forward with identical findings, a ChangeListener hears exactly one change, and the trends follow.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { decodeMatch } from "../../src/server/fleet/matches.js";
import type { ImageChange } from "../../src/server/monitor/events.js";
import { parseScanOptions } from "../../src/scan/index.js";
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, startTestServer, type Api, type TestServer } from "./harness.js";
import { findingIdOf, FIXED_GHSA, monitorImages, NEW_GHSA, publishMonitorDb, RESOLVED_GHSA } from "./monitor-fixtures.js";

let work: string;
let reg: TestRegistry;
let NEW_ID: string;
let RESOLVED_ID: string;
let FIXED_ID: string;
before(async () => {
  [NEW_ID, RESOLVED_ID, FIXED_ID] = await Promise.all([NEW_GHSA, RESOLVED_GHSA, FIXED_GHSA].map(findingIdOf)) as [string, string, string];
  work = await mkdtemp(join(tmpdir(), "dredge-monitor-"));
  reg = await startRegistry();
});
after(async () => {
  await reg.stop();
  await rm(work, { recursive: true, force: true });
});

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Vulns {
  database: { builtAt: string };
  vulnerabilities: { id: string; severity: string; fixedVersions: string[] }[];
}
const vulns = async (call: Api, digest: string) => (await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as Vulns;
const ids = (v: Vulns) => v.vulnerabilities.map((f) => f.id).sort();

async function indexed(call: Api): Promise<true | undefined> {
  const r = (await (await call("GET", "/images?limit=10")).json()) as { complete: boolean; items: unknown[] };
  return r.complete && r.items.length === 3 ? true : undefined;
}

async function runOf(server: TestServer) {
  const rows = await server.db.all<{ id: string; state: string; affected: number; carried: number; rematched: number; changed: number }>(
    "SELECT id, state, affected, carried, rematched, changed FROM monitor_runs WHERE cause = 'db-update'",
  );
  return rows.length === 1 && rows[0]!.state === "done" ? rows[0] : undefined;
}

for (const { kind, make } of adapters) {
  describe(`monitor on ${kind}`, () => {
    it("re-matches only the images a database update affects, records their changes once, carries the others forward", async () => {
      const t = await make();
      const repository = `${reg.host}/dredge/monitor-${kind}:1`;
      const first = await publishMonitorDb(work, repository, 1, "2026-02-01");
      const heard: ImageChange[] = [];
      let clock = Date.parse("2026-02-01T12:00:00Z");
      const server = await startTestServer(t.url, {
        workers: 1,
        // The databases are dated 2026-02: not stale whenever the test runs (a stale database's answers are computed on read).
        scanOptions: parseScanOptions({ dbRepository: repository, cache: false, dbMaxAge: "876000h" }),
        changeListeners: [async (q, change) => {
          // Inside the transaction that stores the change: the history row is visible to it.
          const rows = await q.all("SELECT 1 AS x FROM image_history WHERE digest = ? AND db_version = ?", [change.digest, change.dbVersion]);
          assert.equal(rows.length, 1);
          heard.push(change);
        }],
        now: () => clock,
      });
      try {
        const scanner = api(server.url, await server.token("scanner"));
        const admin = api(server.url, await server.token("admin"));
        for (const img of Object.values(monitorImages)) {
          const res = await scanner("POST", "/inventories", img.inventory);
          assert.equal(res.status, 201, await res.clone().text());
        }
        await until("the first index", () => indexed(admin));
        const { lodash, minimist, clean } = monitorImages;
        const before1 = await vulns(admin, lodash.digest);
        const beforeMinimist = await vulns(admin, minimist.digest);
        assert.equal(before1.database.builtAt, first);
        assert.ok(ids(before1).includes(RESOLVED_ID) && ids(before1).includes(FIXED_ID) && !ids(before1).includes(NEW_ID), ids(before1).join(" "));
        assert.ok(beforeMinimist.vulnerabilities.length > 0);
        assert.deepEqual((await vulns(admin, clean.digest)).vulnerabilities, []);
        const trend1 = await until("the first trend point", async () => {
          const p = ((await (await admin("GET", "/trends")).json()) as { points: { images: number }[] }).points;
          return p.length === 1 && p[0]!.images === 3 ? p : undefined;
        });
        assert.equal(trend1[0]!.images, 3);

        clock = Date.parse("2026-02-02T12:00:00Z");
        const second = await publishMonitorDb(work, repository, 2, "2026-02-02");
        assert.equal((await admin("POST", "/db/update")).status, 202);
        const run = await until("the re-evaluation", () => runOf(server));
        assert.deepEqual({ affected: run.affected, rematched: run.rematched, carried: run.carried, changed: run.changed }, { affected: 1, rematched: 1, carried: 2, changed: 1 });

        const after1 = await vulns(admin, lodash.digest);
        assert.equal(after1.database.builtAt, second);
        assert.ok(ids(after1).includes(NEW_ID) && !ids(after1).includes(RESOLVED_ID), ids(after1).join(" "));
        const afterMinimist = await vulns(admin, minimist.digest);
        assert.equal(afterMinimist.database.builtAt, second, "the carried answer names the new database");
        assert.deepEqual(afterMinimist.vulnerabilities, beforeMinimist.vulnerabilities, "carried forward: identical findings");
        // The re-matched image has a stored match of the new database; the carried one keeps its rows where they
        // are (nothing copied), its summary of the new version pointing at them, and reads name the new database.
        const matchOf = (digest: string, built: string) => server.db.all<{ core: Buffer }>("SELECT core FROM image_matches WHERE digest = ? AND db_built = ?", [digest, Date.parse(built)]);
        const rematched = await matchOf(lodash.digest, second);
        assert.equal(rematched.length, 1, "a stored match of the new database for the re-matched image");
        assert.equal(decodeMatch({ core: rematched[0]!.core }).match.database.builtAt, second);
        assert.equal((await matchOf(minimist.digest, second)).length, 0, "no copy of the carried image's match");
        const copies = await server.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM image_findings WHERE digest = ? AND db_built = ?", [minimist.digest, Date.parse(second)]);
        assert.equal(Number(copies[0]!.n), 0, "no copy of the carried image's findings rows");
        const pointer = await server.db.all<{ rows_version: string; stored_version: string }>(
          "SELECT rows_version, stored_version FROM image_summaries WHERE digest = ? AND db_built = ?", [minimist.digest, Date.parse(second)]);
        assert.equal(pointer.length, 1);
        assert.ok(pointer[0]!.rows_version.startsWith(`${first}|`), pointer[0]!.rows_version);
        assert.equal(pointer[0]!.stored_version, pointer[0]!.rows_version);
        // The older version's rows the pointer names outlive the pruning of that version.
        const kept = await server.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM image_findings WHERE digest = ? AND db_version = ?", [minimist.digest, pointer[0]!.rows_version]);
        assert.ok(Number(kept[0]!.n) > 0);
        const filtered = (await (await admin("GET", `/images/${minimist.digest}/vulnerabilities?severity=CRITICAL,HIGH,MEDIUM,LOW`)).json()) as Vulns;
        assert.equal(filtered.database.builtAt, second);
        assert.deepEqual(filtered.vulnerabilities, beforeMinimist.vulnerabilities.filter((f) => f.severity !== "NEGLIGIBLE" && f.severity !== "UNKNOWN"));
        // The carried image is found by its vulnerabilities under the new version, through its summary's pointer.
        const someId = beforeMinimist.vulnerabilities[0]!.id;
        const byVuln = (await (await admin("GET", `/vulnerabilities/${someId}/images`)).json()) as { items: { digest: string }[] };
        assert.ok(byVuln.items.some((i) => i.digest === minimist.digest), `${someId} lists the carried image`);

        // History: one change, with what changed, newest first; none for the others.
        const history = (await (await admin("GET", `/images/${lodash.digest}/history`)).json()) as { items: ImageChange[]; next: string | null };
        assert.equal(history.items.length, 1);
        const change = history.items[0]!;
        assert.deepEqual(change.new.map((f) => f.id), [NEW_ID]);
        assert.deepEqual(change.resolved.map((f) => f.id), [RESOLVED_ID]);
        assert.deepEqual(change.changed.map((f) => [f.id, f.kinds]), [[FIXED_ID, ["fix", "status"]]]);
        assert.deepEqual([change.changed[0]!.before?.fixed, change.changed[0]!.before?.status, change.changed[0]!.status], [[], "affected", "fixed"]);
        assert.deepEqual(change.changed[0]!.fixed, ["4.17.21"]);
        assert.equal(change.cause, "db-update");
        assert.equal(change.at, clock);
        assert.equal(change.counts.HIGH, after1.vulnerabilities.filter((f) => f.severity === "HIGH").length);
        assert.equal(change.references[0], "registry.example/lodash-app:1");
        for (const other of [minimist, clean]) {
          assert.deepEqual(((await (await admin("GET", `/images/${other.digest}/history`)).json()) as { items: unknown[] }).items, []);
        }
        assert.equal((await admin("GET", `/images/sha256:${"d".repeat(64)}/history`)).status, 404);

        // The listener heard exactly that change, once.
        assert.equal(heard.length, 1);
        assert.equal(heard[0]!.digest, lodash.digest);
        assert.deepEqual(heard[0]!.new.map((f) => f.id), [NEW_ID]);

        // Trends: the fleet and one image, one point per database.
        const points = ((await (await admin("GET", "/trends")).json()) as { points: { at: number; images: number; high: number; critical: number }[] }).points;
        assert.equal(points.length, 2);
        assert.equal(points[1]!.at, clock);
        assert.equal(points[1]!.images, 3);
        const mine = ((await (await admin("GET", `/trends?digest=${lodash.digest}`)).json()) as { points: { high: number; images: number }[] }).points;
        assert.deepEqual(mine.map((p) => p.images), [1, 1]);
        assert.equal(mine[1]!.high, change.counts.HIGH);
        const repo = ((await (await admin("GET", "/trends?repository=minimist-app")).json()) as { points: unknown[] }).points;
        assert.equal(repo.length, 2);
        const later = ((await (await admin("GET", `/trends?from=${clock}`)).json()) as { points: unknown[] }).points;
        assert.equal(later.length, 1);
        assert.equal((await admin("GET", "/trends?from=yesterday")).status, 400);

        // A full re-match: admin only, worked by bulk-lane jobs; the same database finds nothing new.
        const reader = api(server.url, await server.token("reader"));
        assert.equal((await reader("POST", "/rematch")).status, 403);
        const posted = await admin("POST", "/rematch");
        assert.equal(posted.status, 202);
        const { runId, images } = (await posted.json()) as { runId: string; images: number };
        assert.equal(images, 3);
        const rematch = await until("the re-match", async () => {
          const r = await server.db.all<{ state: string; rematched: number; changed: number }>("SELECT state, rematched, changed FROM monitor_runs WHERE id = ?", [runId]);
          return r[0]?.state === "done" ? r[0] : undefined;
        });
        assert.deepEqual([Number(rematch.rematched), Number(rematch.changed)], [3, 0]);
        const jobs = await until("the bulk jobs", async () => {
          const rows = await server.db.all<{ lane: string; state: string }>("SELECT lane, state FROM scans");
          return rows.every((j) => j.state === "done") ? rows : undefined;
        });
        assert.ok(jobs.length > 0 && jobs.every((j) => j.lane === "bulk"), JSON.stringify(jobs));
        assert.equal(((await (await admin("GET", `/images/${lodash.digest}/history`)).json()) as { items: unknown[] }).items.length, 1);
        assert.equal(heard.length, 1);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
