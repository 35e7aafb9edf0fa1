import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError } from "../../errors.js";
import { memoryLogger, silentLogger } from "../../util/log.js";
import { LOCK_FILE, withUpdateLock } from "./lock.js";

const root = (): string => mkdtempSync(join(tmpdir(), "dredge-lock-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("database update lock", () => {
  it("serialises holders and removes the lock afterwards", async () => {
    const dir = root();
    const log: string[] = [];
    const holder = (name: string) => withUpdateLock(dir, { logger: silentLogger, pollMs: 10 }, async () => {
      log.push(`${name} in`);
      await sleep(50);
      log.push(`${name} out`);
    });
    await Promise.all([holder("a"), holder("b")]);
    // Either may win the race; the other enters only after the first has left.
    const first = log[0]?.[0] === "a" ? "a" : "b";
    const second = first === "a" ? "b" : "a";
    assert.deepEqual(log, [`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
    assert.ok(!existsSync(join(dir, LOCK_FILE)));
  });

  it("releases the lock when the holder fails", async () => {
    const dir = root();
    await assert.rejects(withUpdateLock(dir, { logger: silentLogger }, () => Promise.reject(new Error("boom"))), /boom/);
    assert.ok(!existsSync(join(dir, LOCK_FILE)));
  });

  it("takes over the lock of a process that is gone, with a warning", async () => {
    const dir = root();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, since: Date.now() }));
    const logger = memoryLogger();
    assert.equal(await withUpdateLock(dir, { logger, timeoutMs: 1000 }, () => Promise.resolve(7)), 7);
    assert.ok(logger.records.some((e) => e.level === "warn" && /abandoned/.test(e.msg)));
  });

  it("gives up with DB_LOCKED while a live process holds it", async () => {
    const dir = root();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, since: Date.now() }));
    await assert.rejects(
      withUpdateLock(dir, { logger: silentLogger, timeoutMs: 100, pollMs: 10 }, () => Promise.resolve()),
      (err) => isDredgeError(err) && err.code === "DB_LOCKED" && err.message.includes(String(process.pid)),
    );
    assert.ok(existsSync(join(dir, LOCK_FILE)), "someone else's lock is left alone");
  });
});
