/**
 * One database update at a time per cache directory: `CACHE_DIR/db/update.lock`, created exclusively and
 * holding the owner's pid and start time. A second `db update` (or a scan's auto-update) waits for the first
 * and then finds the database current instead of downloading it again. A lock whose process is gone, or
 * that is older than `staleMs`, is taken over.
 */
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError, errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";

export const LOCK_FILE = "update.lock";

export interface LockOptions {
  logger: Logger;
  /** Give up after waiting this long (default 15 minutes). */
  timeoutMs?: number;
  /** A lock older than this is abandoned (default 1 hour). */
  staleMs?: number;
  pollMs?: number;
  signal?: AbortSignal | undefined;
}

interface Owner { pid: number; since: number }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(path: string): Promise<Owner | undefined> {
  try {
    const o = JSON.parse(await readFile(path, "utf8")) as Partial<Owner>;
    return typeof o.pid === "number" && typeof o.since === "number" ? { pid: o.pid, since: o.since } : undefined;
  } catch {
    return undefined;
  }
}

async function tryCreate(path: string, me: Owner): Promise<boolean> {
  try {
    const fh = await open(path, "wx");
    await fh.writeFile(JSON.stringify(me));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new DredgeError("IO_ERROR", `cannot create database lock ${path}: ${errorMessage(err)}`, { cause: err });
  }
}

/** A lock file without a readable owner is being written this instant — or is debris after a few seconds. */
async function debris(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** Runs `fn` holding the update lock of `root` (CACHE_DIR/db). */
export async function withUpdateLock<T>(root: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  await mkdir(root, { recursive: true });
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
  let told = false;
  const me: Owner = { pid: process.pid, since: Date.now() };
  while (!(await tryCreate(path, me))) {
    const owner = await readOwner(path);
    const stale = owner ? !alive(owner.pid) || Date.now() - owner.since > (opts.staleMs ?? 60 * 60_000) : await debris(path);
    if (stale) {
      opts.logger.warn("taking over an abandoned database update lock", { path, pid: owner?.pid });
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new DredgeError("DB_LOCKED", `another process (pid ${owner?.pid ?? "?"}) is updating the database in ${root}`, {
        hint: "Wait for it to finish, or remove the lock file if no update is running.",
      });
    }
    if (!told) opts.logger.info("waiting for another database update to finish", { pid: owner?.pid });
    told = true;
    opts.signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
  }
  try {
    return await fn();
  } finally {
    // Only our own lock: one a waiter took over (it thought us gone) is theirs now.
    const owner = await readOwner(path);
    if (owner?.pid === me.pid && owner.since === me.since) await rm(path, { force: true });
  }
}
