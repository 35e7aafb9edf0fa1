/**
 * A `dredge server` process killed (SIGKILL) in the middle of re-evaluating a database update resumes after a
 * restart, and every affected image's change is recorded exactly once (the notification outbox relies on it):
 * 240 stored images with lodash (all affected by the second database) and 60 without (carried forward).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { sqlTokens } from "../../src/server/catalog/tokens.js";
import { openDatabase } from "../../src/server/db/open.js";
import type { SqlDatabase } from "../../src/server/db/sql.js";
import type { ImageChange } from "../../src/server/monitor/events.js";
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api } from "./harness.js";
import { findingIdOf, NEW_GHSA, npmInventory, otherPackages, publishMonitorDb } from "./monitor-fixtures.js";

const root = resolve(import.meta.dirname, "../..");
const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;

function daemon(args: readonly string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, env: { PATH: process.env.PATH }, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const log: string[] = [];
  const started = new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stderr }).on("line", (line) => {
      log.push(line);
      const url = /"url":"([^"]+)".*"msg":"dredge server started"/.exec(line)?.[1];
      if (url) resolveUrl(url);
    });
    void exited.then((code) => reject(new Error(`dredge server exited (${code}) before it started:\n${log.join("\n")}`)));
  });
  return { child, started, exited, log };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 120_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

let work: string;
let reg: TestRegistry;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "dredge-monitor-faults-"));
  reg = await startRegistry();
});
after(async () => {
  await reg.stop();
  await rm(work, { recursive: true, force: true });
});

const AFFECTED = 240;
const UNAFFECTED = 60;

type RunRow = { state: string; affected: number; rematched: number; carried: number };
const runOf = async (db: SqlDatabase) => (await db.all<RunRow>("SELECT state, affected, rematched, carried FROM monitor_runs WHERE cause = 'db-update'"))[0];

for (const { kind, make } of adapters) {
  describe(`monitor faults on ${kind}`, () => {
    it("a server killed mid re-evaluation resumes after a restart and records every affected image exactly once", async () => {
      const t = await make();
      const cache = await mkdtemp(join(work, "cache-"));
      const repository = `${reg.host}/dredge/monitor-faults-${kind}:1`;
      await publishMonitorDb(work, repository, 1, "2026-04-01");
      const db = await openDatabase(t.url);
      const token = (await sqlTokens(db).create("admin")).token;
      const args = ["server", "--listen", "127.0.0.1:0", "--database", t.url, "--workers", "0", "--db-repository", repository, "--db-refresh", "0", "--cache-dir", cache];
      let run = daemon(args);
      try {
        let call = api(await run.started, token);
        const images = [
          ...Array.from({ length: AFFECTED }, (_, i) => npmInventory(`app-${i}`, `a${i.toString(16)}`, ["lodash", "4.17.4"], ...otherPackages)),
          ...Array.from({ length: UNAFFECTED }, (_, i) => npmInventory(`other-${i}`, `b${i.toString(16)}`, ...otherPackages)),
        ];
        for (const img of images) assert.equal((await call("POST", "/inventories", img.inventory)).status, 201);
        await until("the first index", async () => ((await (await call("GET", "/images?limit=1")).json()) as { complete: boolean }).complete || undefined);

        await publishMonitorDb(work, repository, 2, "2026-04-02");
        assert.equal((await call("POST", "/db/update")).status, 202);
        const midway = await until("the re-evaluation to be under way", async () => {
          const r = await runOf(db);
          return r && Number(r.rematched) > 0 ? r : undefined;
        }, 120_000, 5);
        run.child.kill("SIGKILL");
        await run.exited;
        const atKill = (await runOf(db))!;
        assert.equal(atKill.state, "open", `killed after the run ended (${JSON.stringify(midway)}): the test needs more images`);
        assert.ok(Number(atKill.rematched) < AFFECTED);

        run = daemon(args);
        call = api(await run.started, token);
        const done = await until("the resumed run to end", async () => {
          const r = await runOf(db);
          return r?.state === "done" ? r : undefined;
        });
        assert.deepEqual([Number(done.affected), Number(done.rematched), Number(done.carried)], [AFFECTED, AFFECTED, UNAFFECTED]);
        const rows = await db.all<{ digest: string; n: number }>("SELECT digest, COUNT(*) AS n FROM image_history GROUP BY digest");
        assert.equal(rows.length, AFFECTED, "every affected image has a change");
        assert.ok(rows.every((r) => Number(r.n) === 1), "and exactly one");
        const newId = await findingIdOf(NEW_GHSA);
        const history = (await (await call("GET", `/images/${images[0]!.digest}/history`)).json()) as { items: ImageChange[] };
        assert.deepEqual(history.items.map((c) => c.new.map((f) => f.id)), [[newId]]);
        const unaffected = (await (await call("GET", `/images/${images[AFFECTED]!.digest}/history`)).json()) as { items: ImageChange[] };
        assert.deepEqual(unaffected.items, []);
        run.child.kill("SIGTERM");
        assert.equal(await run.exited, 0);
      } finally {
        if (run.child.exitCode === null) run.child.kill("SIGKILL");
        await db.close();
        await t.drop();
      }
    });
  });
}
