/**
 * Build something once across processes (test files run in parallel, each calling testImages()): the first
 * to create `DIR.lock` (mkdir is atomic) builds while the others wait for `DIR/.complete`. The lock holds
 * its owner (host, pid, start); a lock whose owner died on this host, or older than `staleMs`, is broken.
 * buildOnce is synchronous, as the test files call it at load time; buildOnceAsync awaits an async build.
 */
import { hostname } from "node:os";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

export interface BuildOnceOptions {
  /** A lock older than this is taken to be stale whoever holds it (default 2 hours). */
  staleMs?: number;
  /** How often a waiter looks again (default 1 s). */
  pollMs?: number;
  /** Give up waiting after this long (default 3 hours). */
  timeoutMs?: number;
}

interface Owner {
  host: string;
  pid: number;
  started: number;
  token: string;
}

export const completeMarker = (dir: string): string => join(dir, ".complete");
export const lockPath = (dir: string): string => `${dir}.lock`;

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Run `build` (which must create DIR/.complete) unless it is done; at most one process at a time builds. */
export function buildOnce(dir: string, build: () => void, options: BuildOnceOptions = {}): void {
  const wait = waiter(dir, options);
  for (let step = wait.next(); step.kind !== "done"; step = wait.next()) {
    if (step.kind === "wait") {
      sleep(wait.pollMs);
      continue;
    }
    try {
      if (!existsSync(completeMarker(dir))) build();
    } finally {
      wait.unlock(step.owner);
    }
    return wait.checkBuilt();
  }
}

/** buildOnce for an asynchronous `build` (a test's before()): waiting does not block the event loop. */
export async function buildOnceAsync(dir: string, build: () => Promise<void>, options: BuildOnceOptions = {}): Promise<void> {
  const wait = waiter(dir, options);
  for (let step = wait.next(); step.kind !== "done"; step = wait.next()) {
    if (step.kind === "wait") {
      await new Promise((done) => setTimeout(done, wait.pollMs));
      continue;
    }
    try {
      if (!existsSync(completeMarker(dir))) await build();
    } finally {
      wait.unlock(step.owner);
    }
    return wait.checkBuilt();
  }
}

type Step = { kind: "done" } | { kind: "wait" } | { kind: "build"; owner: Owner };

/** One look at DIR: complete, ours to build (the lock taken), or wait (a stale lock is broken meanwhile). */
function waiter(dir: string, options: BuildOnceOptions) {
  const { staleMs = 2 * 3_600_000, pollMs = 1000, timeoutMs = 3 * 3_600_000 } = options;
  const lock = lockPath(dir);
  const deadline = Date.now() + timeoutMs;
  const next = (): Step => {
    if (existsSync(completeMarker(dir))) return { kind: "done" };
    const owner = tryLock(lock);
    if (owner) return { kind: "build", owner };
    const held = readOwner(lock);
    if (held && isStale(held, staleMs)) breakLock(lock, held);
    else if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock} (held by ${JSON.stringify(held)})`);
    return { kind: "wait" };
  };
  const unlock = (owner: Owner): void => unlockIfOwner(lock, owner.token);
  const checkBuilt = (): void => {
    if (!existsSync(completeMarker(dir))) throw new Error(`building ${dir} did not create ${completeMarker(dir)}`);
  };
  return { next, unlock, checkBuilt, pollMs };
}

function tryLock(lock: string): Owner | undefined {
  try {
    mkdirSync(lock);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw err;
  }
  const owner: Owner = { host: hostname(), pid: process.pid, started: Date.now(), token: randomBytes(8).toString("hex") };
  writeFileSync(join(lock, "owner.json"), JSON.stringify(owner));
  return owner;
}

/** The lock's owner; undefined when there is no lock. Without owner.json (being written, or its owner died
 * right after mkdir) only its age tells whether it is stale. */
function readOwner(lock: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(lock, "owner.json"), "utf8")) as Owner;
  } catch {
    try {
      return { host: "", pid: 0, started: statSync(lock).mtimeMs, token: "" };
    } catch {
      return undefined;
    }
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

export const isStale = (o: Owner, staleMs: number, now = Date.now()): boolean =>
  now - o.started > staleMs || (o.host === hostname() && o.pid > 0 && !alive(o.pid));

/**
 * Move the stale lock aside (rename is atomic, so of two breakers one wins), then check it was the stale one:
 * if a new owner took the lock in between, put theirs back.
 */
function breakLock(lock: string, stale: Owner): void {
  const aside = `${lock}.stale-${stale.token}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else broke or released it
  }
  if (readOwner(aside)?.token !== stale.token) {
    try {
      renameSync(aside, lock);
      return;
    } catch {
      // A third owner already holds the lock; the one we moved will see its lock gone and fail loudly.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

function unlockIfOwner(lock: string, token: string): void {
  if (readOwner(lock)?.token === token) rmSync(lock, { recursive: true, force: true });
}
