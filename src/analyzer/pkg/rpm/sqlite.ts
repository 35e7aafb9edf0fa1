/**
 * rpm's SQLite database (rpmdb.sqlite: Fedora ≥ 33, RHEL 9, Mariner 2): table Packages(hnum, blob).
 * Without a -wal file the database is opened from memory (header bytes 18–19 set to legacy mode, since a
 * deserialized database cannot be in WAL mode); with one, both files are written to a private temporary
 * directory so that SQLite applies the WAL, then removed.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../../../errors.js";
import type { BlobRead } from "./blobs.js";

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.subarray(0, 16).equals(SQLITE_MAGIC);
}

export function readSqliteBlobs(main: Buffer, wal?: Buffer): BlobRead {
  if (!isSqlite(main)) return { blobs: [], warnings: ["not an SQLite database"] };
  try {
    if (wal === undefined || wal.length === 0) return query(new Database(legacyMode(main), { readonly: true }));
    return withTempFiles(main, wal);
  } catch (err) {
    return { blobs: [], warnings: [`cannot read the SQLite database: ${errorMessage(err)}`] };
  }
}

/** A copy with the WAL-mode markers (bytes 18 and 19 = 2) set back to rollback-journal mode (1). */
function legacyMode(main: Buffer): Buffer {
  const copy = Buffer.from(main);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  return copy;
}

function withTempFiles(main: Buffer, wal: Buffer): BlobRead {
  const dir = mkdtempSync(join(tmpdir(), "dredge-rpmdb-"));
  try {
    const file = join(dir, "rpmdb.sqlite");
    writeFileSync(file, main, { mode: 0o600 });
    writeFileSync(`${file}-wal`, wal, { mode: 0o600 });
    return query(new Database(file, { fileMustExist: true }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function query(db: Database.Database): BlobRead {
  try {
    const blobs: Buffer[] = [];
    const warnings: string[] = [];
    const rows = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum").iterate() as Iterable<{ hnum: unknown; blob: unknown }>;
    for (const row of rows) {
      if (Buffer.isBuffer(row.blob)) blobs.push(row.blob);
      else warnings.push(`row ${String(row.hnum)}: blob is not binary, skipped`);
    }
    return { blobs, warnings };
  } finally {
    db.close();
  }
}
