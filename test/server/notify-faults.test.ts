/**
 * Exactly once after de-duplication: a real `dredge server` child delivering a batch of notifications is
 * killed with SIGKILL mid-batch and started again. Every notification reaches the receiver at least once on
 * the wire and exactly once by delivery id; none is lost; the outbox ends with every row delivered.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import type { ImageChange } from "../../src/server/monitor/events.js";
import { openDatabase } from "../../src/server/db/open.js";
import { outboxListener } from "../../src/server/notify/outbox.js";
import { sqlSubscriptions } from "../../src/server/notify/subscriptions.js";
import { parseSecretKeys, secretBox } from "../../src/server/secrets.js";
import { adapters } from "./adapters.js";
import { fixtureDatabase } from "./harness.js";
import { startReceiver, until } from "./notify-receiver.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const root = resolve(import.meta.dirname, "../..");
const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;
const NOTIFICATIONS = 100;
const SECRET = "kill-test-receiver-secret-42";

function daemon(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const log: string[] = [];
  const started = new Promise<void>((ok, fail) => {
    createInterface({ input: child.stderr }).on("line", (line) => {
      log.push(line);
      if (line.includes('"msg":"dredge server started"')) ok();
    });
    void exited.then((code) => fail(new Error(`dredge server exited (${code}) before it started:\n${log.join("\n")}`)));
  });
  return { child, started, exited, log };
}

function change(i: number): ImageChange {
  return {
    digest: `sha256:${i.toString(16).padStart(64, "a")}`,
    references: [`registry.example.com/fleet/app-${i}:1`],
    cause: "db-update",
    at: Date.now(),
    dbVersion: "v2",
    previousDbVersion: "v1",
    new: [{ id: `CVE-2025-${1000 + i}`, pkgType: "deb", pkgName: "openssl", purl: "pkg:deb/debian/openssl@3.0.1", installed: "3.0.1", fixed: [], severity: "HIGH", status: "affected", kev: false }],
    resolved: [],
    changed: [],
    counts: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, NEGLIGIBLE: 0, UNKNOWN: 0 },
  };
}

for (const { kind, make } of adapters) {
  describe(`notification delivery killed mid-batch on ${kind}`, () => {
    it("every notification is received, exactly once by id, none lost", async () => {
      const t = await make();
      const cache = await mkdtemp(join(tmpdir(), "dredge-notify-kill-"));
      const key = randomBytes(32).toString("base64");
      const receiver = await startReceiver();
      receiver.behave("/kill", () => 200, SECRET, 60);
      let run: ReturnType<typeof daemon> | undefined;
      const db = await openDatabase(t.url);
      try {
        const sub = await sqlSubscriptions(db, secretBox(parseSecretKeys(key))).create({
          name: "kill", scope: null, minSeverity: "UNKNOWN", events: ["vulnerability.new"], kind: "webhook", url: `${receiver.url}/kill`, secret: SECRET, enabled: true,
        });
        const listener = outboxListener();
        for (let i = 0; i < NOTIFICATIONS; i++) await db.tx((q) => listener(q, change(i)));
        const ids = (await db.all<{ id: string }>("SELECT id FROM notifications")).map((r) => r.id);
        assert.equal(ids.length, NOTIFICATIONS);

        const fixture = (await fixtureDatabase()).path;
        const args = ["server", "--listen", "127.0.0.1:0", "--database", t.url, "--workers", "0", "--db", fixture, "--cache-dir", cache, "--allow-notify-host", "127.0.0.1", "--notify-timeout", "1s"];
        run = daemon(args, { DREDGE_SECRET_KEY: key });
        await run.started;
        await until("a part of the batch", () => receiver.at("/kill").length >= 20, 60_000);
        run.child.kill("SIGKILL");
        await run.exited;
        const atKill = receiver.at("/kill").length;
        assert.ok(atKill < NOTIFICATIONS, `killed mid-batch (${atKill} received)`);
        const delivered = async () => Number((await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE state = 'delivered'"))[0]!.n);
        assert.ok((await delivered()) < NOTIFICATIONS);

        run = daemon(args, { DREDGE_SECRET_KEY: key });
        await run.started;
        await until("every notification delivered", async () => (await delivered()) === NOTIFICATIONS, 90_000);
        const wire = receiver.at("/kill");
        assert.ok(wire.every((r) => r.verified === true), "every request signed");
        assert.ok(wire.length >= NOTIFICATIONS, "at least once on the wire");
        assert.deepEqual([...receiver.accepted("/kill")].sort(), [...ids].sort(), "exactly once by id, none lost");
        const states = await db.all<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM notifications WHERE subscription_id = ? GROUP BY state", [sub.id]);
        assert.deepEqual(states.map((s) => [s.state, Number(s.n)]), [["delivered", NOTIFICATIONS]]);
        run.child.kill("SIGTERM");
        assert.equal(await run.exited, 0);
      } finally {
        if (run?.child.exitCode === null) run.child.kill("SIGKILL");
        await db.close();
        await receiver.close();
        await rm(cache, { recursive: true, force: true });
        await t.drop();
      }
    });
  });
}
