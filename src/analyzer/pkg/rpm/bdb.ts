/**
 * Berkeley DB hash databases (rpm's /var/lib/rpm/Packages up to RHEL 8): the metadata page gives byte
 * order and page size; every hash page holds key/data pairs, and rpm's header blobs are stored off-page in
 * chains of overflow pages. Read defensively: page numbers, offsets and lengths are checked, chains are
 * bounded and cycle-checked, damaged pages are skipped with a warning.
 */
import type { BlobRead } from "./blobs.js";

const HASH_MAGIC = 0x061561;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;
const MAX_WARNINGS = 20;

interface Db {
  buf: Buffer;
  pageSize: number;
  pages: number;
  le: boolean;
  /** Overflow pages already read: each belongs to one record, so all chains together read the file at most once. */
  overflowRead: Set<number>;
}

const u16 = (db: Db, at: number) => (db.le ? db.buf.readUInt16LE(at) : db.buf.readUInt16BE(at));
const u32 = (db: Db, at: number) => (db.le ? db.buf.readUInt32LE(at) : db.buf.readUInt32BE(at));

function openDb(buf: Buffer): Db | string {
  if (buf.length < 512) return `not a Berkeley DB file (${buf.length} bytes)`;
  let le = true;
  if (buf.readUInt32LE(12) !== HASH_MAGIC) {
    if (buf.readUInt32BE(12) !== HASH_MAGIC) return "not a Berkeley DB hash database (bad magic)";
    le = false;
  }
  const probe: Db = { buf, pageSize: 0, pages: 0, le, overflowRead: new Set() };
  const pageSize = u32(probe, 20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `bad page size ${pageSize}`;
  if (buf[24] !== 0) return "encrypted Berkeley DB database is not supported";
  if (buf[25] !== P_HASHMETA) return `metadata page has type ${String(buf[25])}, not a hash database`;
  const lastPage = u32(probe, 32);
  const pages = Math.min(lastPage + 1, Math.floor(buf.length / pageSize));
  return { buf, pageSize, pages, le, overflowRead: new Set() };
}

export function readBdbBlobs(buf: Buffer): BlobRead {
  const blobs: Buffer[] = [];
  const warnings: string[] = [];
  const warn = (msg: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(msg);
  };
  const db = openDb(buf);
  if (typeof db === "string") return { blobs, warnings: [db] };
  if (Math.floor(buf.length / db.pageSize) < u32(db, 32) + 1) warn(`file ends before page ${u32(db, 32)} (truncated?)`);
  for (let pgno = 1; pgno < db.pages; pgno++) {
    const base = pgno * db.pageSize;
    const type = buf[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    if (u32(db, base + 8) !== pgno) {
      warn(`page ${pgno}: damaged (page number field says ${u32(db, base + 8)}), skipped`);
      continue;
    }
    readHashPage(db, pgno, blobs, warn);
  }
  return { blobs, warnings };
}

function readHashPage(db: Db, pgno: number, blobs: Buffer[], warn: (m: string) => void): void {
  const base = pgno * db.pageSize;
  const entries = u16(db, base + 20);
  if (entries > (db.pageSize - PAGE_HEADER) / 2) {
    warn(`page ${pgno}: damaged (${entries} entries), skipped`);
    return;
  }
  const offsetOf = (i: number) => u16(db, base + PAGE_HEADER + 2 * i);
  for (let i = 0; i + 1 < entries; i += 2) {
    const keyOff = offsetOf(i);
    const dataOff = offsetOf(i + 1);
    if (keyOff >= db.pageSize || dataOff >= db.pageSize || dataOff < PAGE_HEADER) {
      warn(`page ${pgno}: entry ${i} points outside the page, skipped`);
      continue;
    }
    // rpm's record 0 holds the next instance number, not a header.
    if (db.buf[base + keyOff] === H_KEYDATA && keyLen(db, base, i, keyOff) === 4 && u32(db, base + keyOff + 1) === 0) continue;
    const item = base + dataOff;
    const itemType = db.buf[item];
    if (itemType === H_OFFPAGE) {
      if (dataOff + 12 > db.pageSize) continue;
      const blob = readOverflow(db, u32(db, item + 4), u32(db, item + 8), warn);
      if (blob) blobs.push(blob);
    } else if (itemType === H_KEYDATA) {
      const end = offsetOf(i);
      if (end > dataOff && end <= db.pageSize) blobs.push(db.buf.subarray(item + 1, base + end));
    }
  }
}

function keyLen(db: Db, base: number, i: number, keyOff: number): number {
  const end = i === 0 ? db.pageSize : u16(db, base + PAGE_HEADER + 2 * (i - 1));
  return end - keyOff - 1;
}

/** Follow an overflow chain from `start`, collecting `total` bytes. */
function readOverflow(db: Db, start: number, total: number, warn: (m: string) => void): Buffer | undefined {
  if (total > db.buf.length) {
    warn(`overflow item of ${total} bytes is larger than the file, skipped`);
    return undefined;
  }
  const parts: Buffer[] = [];
  let got = 0;
  for (let pgno = start; got < total; ) {
    // A page seen before is a cycle, or a chain shared with another record (many records pointing at one long
    // chain would copy it once each: gigabytes from a small file).
    if (pgno === 0 || pgno >= db.pages || db.overflowRead.has(pgno)) {
      warn(`overflow chain from page ${start} broken at page ${pgno}, record skipped`);
      return undefined;
    }
    db.overflowRead.add(pgno);
    const base = pgno * db.pageSize;
    if (db.buf[base + 25] !== P_OVERFLOW) {
      warn(`page ${pgno}: expected an overflow page, found type ${String(db.buf[base + 25])}; record skipped`);
      return undefined;
    }
    const len = Math.min(u16(db, base + 22), db.pageSize - PAGE_HEADER, total - got);
    parts.push(db.buf.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len));
    got += len;
    pgno = u32(db, base + 16);
    if (len === 0) {
      warn(`overflow page ${String(pgno)} is empty, record skipped`);
      return undefined;
    }
  }
  return Buffer.concat(parts, got);
}
