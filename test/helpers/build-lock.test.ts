/** buildOnce on a fake builder (never the real images): one build across racing processes, stale locks broken. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { buildOnce, buildOnceAsync, completeMarker, lockPath } from "./build-lock.js";

const work = mkdtempSync(join(tmpdir(), "dredge-lock-"));
after(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(work, `images-${n++}`);

/** A fake builder: counts its runs, then marks the directory complete. */
function fakeBuilder(dir: string) {
  const runs = { count: 0 };
  const build = () => {
    runs.count++;
    mkdirSync(dir, { recursive: true });
    writeFileSync(completeMarker(dir), "");
  };
  return { runs, build };
}

function staleLock(dir: string, owner: { pid: number; started: number; host?: string }): void {
  mkdirSync(lockPath(dir));
  writeFileSync(join(lockPath(dir), "owner.json"), JSON.stringify({ host: hostname(), token: "old", ...owner }));
}

const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid!;

const child = join(work, "child.mts");
writeFileSync(child, `
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildOnce } from ${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, "build-lock.ts")).href)};
const [dir, log] = process.argv.slice(2);
buildOnce(dir, () => {
  appendFileSync(log, process.pid + "\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ".complete"), "");
}, { pollMs: 20, timeoutMs: 60_000 });
`);

/** Start `count` processes that all call buildOnce(dir) at once; resolves with their exit codes. */
function race(dir: string, log: string, count: number): Promise<(number | null)[]> {
  const root = resolve(import.meta.dirname, "../..");
  return Promise.all(
    Array.from({ length: count }, () => new Promise<number | null>((done) => {
      const p = spawn(process.execPath, ["--import", "tsx", child, dir, log], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
      p.on("exit", (code) => done(code));
    })),
  );
}

const builds = (log: string): number => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).length : 0);

describe("buildOnce", () => {
  it("builds nothing when the directory is complete", () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(completeMarker(dir), "");
    const { runs, build } = fakeBuilder(dir);
    buildOnce(dir, build);
    assert.equal(runs.count, 0);
    assert.ok(!existsSync(lockPath(dir)), "no lock taken");
  });

  it("builds once and releases the lock", () => {
    const dir = freshDir();
    const { runs, build } = fakeBuilder(dir);
    buildOnce(dir, build);
    buildOnce(dir, build);
    assert.equal(runs.count, 1);
    assert.ok(!existsSync(lockPath(dir)));
  });

  it("four processes racing: one builds, the others wait for it and all succeed", async () => {
    const dir = freshDir();
    const log = `${dir}.log`;
    assert.deepEqual(await race(dir, log, 4), [0, 0, 0, 0]);
    assert.equal(builds(log), 1);
    assert.ok(existsSync(completeMarker(dir)) && !existsSync(lockPath(dir)));
  });

  it("a lock whose owner died is broken, even by several processes at once, and the build runs once", async () => {
    const dir = freshDir();
    const log = `${dir}.log`;
    staleLock(dir, { pid: deadPid(), started: Date.now() });
    assert.deepEqual(await race(dir, log, 3), [0, 0, 0]);
    assert.equal(builds(log), 1);
  });

  it("a lock older than staleMs is broken even if its owner lives", () => {
    const dir = freshDir();
    staleLock(dir, { pid: process.pid, started: Date.now() - 10_000 });
    const { runs, build } = fakeBuilder(dir);
    buildOnce(dir, build, { staleMs: 1000, pollMs: 10 });
    assert.equal(runs.count, 1);
  });

  it("a live owner's lock is waited for; the wait gives up with a message naming the lock", () => {
    const dir = freshDir();
    staleLock(dir, { pid: process.pid, started: Date.now() });
    const { runs, build } = fakeBuilder(dir);
    assert.throws(() => buildOnce(dir, build, { pollMs: 10, timeoutMs: 100 }), /gave up waiting for .*\.lock/);
    assert.equal(runs.count, 0);
  });

  it("a failed build releases the lock and throws; the next call builds", () => {
    const dir = freshDir();
    assert.throws(() => buildOnce(dir, () => { throw new Error("debootstrap failed"); }), /debootstrap failed/);
    assert.ok(!existsSync(lockPath(dir)));
    assert.throws(() => buildOnce(dir, () => undefined), /did not create .*\.complete/);
    const { runs, build } = fakeBuilder(dir);
    buildOnce(dir, build);
    assert.equal(runs.count, 1);
  });
});

describe("buildOnceAsync", () => {
  it("three concurrent callers in one process: one build, the others wait for it without blocking", async () => {
    const dir = freshDir();
    const { runs, build } = fakeBuilder(dir);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const slowBuild = async () => {
      await new Promise((done) => setTimeout(done, 100));
      build();
    };
    try {
      await Promise.all([0, 1, 2].map(() => buildOnceAsync(dir, slowBuild, { pollMs: 10 })));
    } finally {
      clearInterval(timer);
    }
    assert.equal(runs.count, 1);
    assert.ok(ticks > 5, "the event loop ran while waiting");
    assert.ok(existsSync(completeMarker(dir)) && !existsSync(lockPath(dir)));
  });

  it("a failed build rejects with its own error and releases the lock; a build that marks nothing is an error", async () => {
    const dir = freshDir();
    await assert.rejects(buildOnceAsync(dir, () => Promise.reject(new Error("feed unreadable"))), /feed unreadable/);
    assert.ok(!existsSync(lockPath(dir)));
    await assert.rejects(buildOnceAsync(dir, async () => undefined), /did not create .*\.complete/);
    const { runs, build } = fakeBuilder(dir);
    await buildOnceAsync(dir, async () => build());
    assert.equal(runs.count, 1);
  });
});
