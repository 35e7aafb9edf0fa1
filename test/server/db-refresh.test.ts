/**
 * The vulnerability database is updated while the server runs, from a database repository in a real loopback
 * registry (as `dredge db update` is tested): on request (`POST /db/update`) and periodically (`--db-refresh`),
 * switching to the new database without a restart; `GET /db` shows the last attempt and its error.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/build.js";
import { pushDatabase } from "../../src/db/distribution/index.js";
import { parseScanOptions } from "../../src/scan/index.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir } from "../helpers/images.js";
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, type Api } from "./harness.js";

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "dredge-db-refresh-"));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

/** A small database (CISA KEV from the fixtures) built "at" `day`, pushed to `reference`. */
async function publish(reference: string, day: string): Promise<string> {
  const output = join(work, `${day}-${Math.random().toString(36).slice(2)}.db`);
  const now = new Date(`${day}T00:00:00Z`);
  await buildDatabase({ output, now, logger: silentLogger, sources: [{ name: "kev", location: join(fixturesDir, "feeds/cisa-kev/known_exploited_vulnerabilities.json") }] });
  await pushDatabase({ file: output, reference, workDir: work, logger: silentLogger });
  return now.toISOString();
}

interface DbStatus {
  builtAt: string;
  update: { disabled: string | null; running: boolean; refreshSeconds: number | null; lastAttempt: { updated: boolean; error: string | null; finishedAt: string | null } | null };
}

const status = async (call: Api): Promise<DbStatus> => (await (await call("GET", "/db")).json()) as DbStatus;

async function until(call: Api, ok: (s: DbStatus) => boolean, what: string): Promise<DbStatus> {
  for (let i = 0; i < 300; i++) {
    const s = await status(call);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}: ${JSON.stringify(await status(call))}`);
}

for (const { kind, make } of adapters) {
  describe(`database refresh on ${kind}`, () => {
    it("updates on request and periodically, switches without a restart, reports the last attempt and its error", async () => {
      const t = await make();
      let reg: TestRegistry | undefined = await startRegistry();
      const repository = `${reg.host}/dredge/db:1`;
      const first = await publish(repository, "2026-01-01");
      const scanOptions = parseScanOptions({ dbRepository: repository, cache: false });
      let server = await startTestServer(t.url, { workers: 0, scanOptions });
      try {
        const admin = api(server.url, await server.token("admin"));
        const initial = await status(admin);
        assert.equal(initial.builtAt, first, "installed from the repository at start");
        assert.deepEqual([initial.update.lastAttempt, initial.update.refreshSeconds, initial.update.disabled], [null, null, null]);

        const second = await publish(repository, "2026-01-02");
        const posted = await admin("POST", "/db/update");
        assert.equal(posted.status, 202);
        const updated = await until(admin, (s) => !s.update.running && s.update.lastAttempt?.finishedAt != null, "the update");
        assert.equal(updated.builtAt, second);
        assert.deepEqual([updated.update.lastAttempt?.updated, updated.update.lastAttempt?.error], [true, null]);

        await admin("POST", "/db/update");
        const same = await until(admin, (s) => !s.update.running && s.update.lastAttempt?.finishedAt != null, "the second update");
        assert.deepEqual([same.builtAt, same.update.lastAttempt?.updated], [second, false], "nothing new: nothing switched");
        await server.dispose();

        // Periodically (--db-refresh), with no request.
        server = await startTestServer(t.url, { workers: 0, scanOptions, dbRefreshMs: 200 });
        const call = api(server.url, await server.token("reader"));
        assert.equal((await status(call)).update.refreshSeconds, 0);
        const third = await publish(repository, "2026-01-03");
        await until(call, (s) => s.builtAt === third, "the periodic update");

        // The repository is gone: the attempt fails, the database in use stays.
        await reg.stop();
        reg = undefined;
        const admin2 = api(server.url, await server.token("admin"));
        assert.equal((await admin2("POST", "/db/update")).status, 202);
        const failed = await until(call, (s) => !s.update.running && typeof s.update.lastAttempt?.error === "string", "a failed attempt");
        assert.equal(failed.builtAt, third);
        assert.match(failed.update.lastAttempt!.error!, /reach|connect|refused/i);
      } finally {
        await server.dispose();
        await reg?.stop();
        await t.drop();
      }
    });

    it("refuses to update a database given as a file (--db)", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const res = await admin("POST", "/db/update");
        assert.equal(res.status, 409);
        assert.match(((await res.json()) as { detail: string }).detail, /--db/);
        assert.match((await status(admin)).update.disabled ?? "", /--db/);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
