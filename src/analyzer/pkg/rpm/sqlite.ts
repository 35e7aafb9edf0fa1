/**
 * rpm's SQLite database (rpmdb.sqlite: Fedora ≥ 33, RHEL 9, Mariner 2): table Packages(hnum, blob).
 * The database (and its -wal, which SQLite then applies) is copied into a private directory under the
 * caller's temp dir and read by a child process (./sqlite-read.ts has the defences), killed at a deadline
 * or when the signal aborts; the directory is removed on every path. Without a -wal the copy has its
 * header bytes 18–19 set back to rollback-journal mode, so opening it read-only needs no -shm file.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage, isDredgeError } from "../../../errors.js";
import { childEntry, runChild, type ChildEnd } from "../../../util/child-process.js";
import type { BlobRead } from "./blobs.js";
import { defaultSqliteLimits, type SqliteLimits } from "./sqlite-read.js";

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** How long one database may take to read before the child is killed and the database skipped. */
export const SQLITE_DEADLINE_MS = 30_000;

export interface SqliteReadOptions {
  /** Parent of the private copy (the CLI's --tmp-dir); the OS temp dir when absent. */
  tmpDir?: string | undefined;
  /** Aborting kills the reader; the read then rejects with CANCELLED. */
  signal?: AbortSignal | undefined;
  deadlineMs?: number;
  limits?: Partial<SqliteLimits>;
}

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.subarray(0, 16).equals(SQLITE_MAGIC);
}

export async function readSqliteBlobs(main: Buffer, wal?: Buffer, opts: SqliteReadOptions = {}): Promise<BlobRead> {
  if (!isSqlite(main)) return { blobs: [], warnings: ["not an SQLite database"] };
  const dir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), "rpmdb-"));
  try {
    const file = join(dir, "rpmdb.sqlite");
    const hasWal = wal !== undefined && wal.length > 0;
    await writeFile(file, hasWal ? main : legacyMode(main), { mode: 0o600 });
    if (hasWal) await writeFile(`${file}-wal`, wal, { mode: 0o600 });
    return await readInChild(file, dir, opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A copy with the WAL-mode markers (bytes 18 and 19 = 2) set back to rollback-journal mode (1). */
function legacyMode(main: Buffer): Buffer {
  const copy = Buffer.from(main);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  return copy;
}

async function readInChild(file: string, dir: string, opts: SqliteReadOptions): Promise<BlobRead> {
  const limits = { ...defaultSqliteLimits, ...opts.limits };
  const deadlineMs = opts.deadlineMs ?? SQLITE_DEADLINE_MS;
  const read: BlobRead = { blobs: [], warnings: [] };
  let bytes = 0;
  const end = await runChild({
    entry: childEntry(import.meta.url, "sqlite-child"),
    args: [file, JSON.stringify(limits)],
    // SQLite's own temp files (none expected: temp_store is MEMORY) stay in the private directory.
    env: { SQLITE_TMPDIR: dir },
    deadlineMs,
    signal: opts.signal,
    onMessage(m) {
      const msg = m as { kind?: unknown; message?: unknown; blobs?: unknown };
      if (msg.kind === "warning" && typeof msg.message === "string") read.warnings.push(msg.message);
      else if (msg.kind === "blobs" && Array.isArray(msg.blobs)) {
        for (const b of msg.blobs) {
          if (!(b instanceof Uint8Array) || read.blobs.length >= limits.maxRows || (bytes += b.length) > limits.maxTotalBytes) {
            throw new Error("the reader sent more than its limits allow");
          }
          read.blobs.push(Buffer.from(b.buffer, b.byteOffset, b.length));
        }
      }
      return msg.kind === "done";
    },
  }).catch((err: unknown): ChildEnd => {
    if (isDredgeError(err, "CANCELLED")) throw err;
    return { kind: "failed", reason: errorMessage(err) };
  });
  if (end.kind === "done") return read;
  const why = end.kind === "deadline" ? `reading it took longer than ${deadlineMs / 1000}s` : `the reader failed: ${end.reason}`;
  return { blobs: [], warnings: [...read.warnings, `package database skipped: ${why} (the inventory is incomplete)`] };
}
