/**
 * rpm's NDB format (/usr/lib/sysimage/rpm/Packages.db, SUSE): a 32-byte header (`RpmP`, version,
 * generation, slot pages, next index), slot entries of 16 bytes (`Slot`, package index, block offset,
 * block count), and blobs at block offset × 16 (`BlbS`, package index, generation, length, header).
 */
import type { BlobRead } from "./blobs.js";

const HEADER_MAGIC = 0x506d7052; // "RpmP" little-endian
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const PAGE = 4096;
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const BLOCK = 16;
const BLOB_HEAD = 16;
const MAX_SLOT_PAGES = 2048;
const MAX_WARNINGS = 20;

export function readNdbBlobs(buf: Buffer): BlobRead {
  const blobs: Buffer[] = [];
  const warnings: string[] = [];
  const warn = (msg: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(msg);
  };
  if (buf.length < HEADER_SIZE || buf.readUInt32LE(0) !== HEADER_MAGIC) return { blobs, warnings: ["not an rpm NDB database (bad magic)"] };
  if (buf.readUInt32LE(4) !== 0) return { blobs, warnings: [`unsupported NDB version ${buf.readUInt32LE(4)}`] };
  const slotPages = buf.readUInt32LE(12);
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES) return { blobs, warnings: [`bad NDB slot page count ${slotPages}`] };
  const slotEnd = slotPages * PAGE;
  if (slotEnd > buf.length) warn(`slot area needs ${slotEnd} bytes, file has ${buf.length} (truncated?)`);
  const end = Math.min(slotEnd, buf.length - (buf.length % SLOT_SIZE));
  // One slot per package: repeated slots would parse one blob (up to the whole file) once per slot.
  const read = new Set<number>();
  for (let at = HEADER_SIZE; at + SLOT_SIZE <= end; at += SLOT_SIZE) {
    if (buf.readUInt32LE(at) !== SLOT_MAGIC) {
      warn(`slot at byte ${at}: bad magic, skipped`);
      continue;
    }
    const pkgIndex = buf.readUInt32LE(at + 4);
    if (pkgIndex === 0) continue;
    if (read.has(pkgIndex)) {
      warn(`slot at byte ${at}: package ${pkgIndex} has a slot already, skipped`);
      continue;
    }
    read.add(pkgIndex);
    const blob = readBlob(buf, pkgIndex, buf.readUInt32LE(at + 8), buf.readUInt32LE(at + 12));
    if (typeof blob === "string") warn(`package ${pkgIndex}: ${blob}`);
    else blobs.push(blob);
  }
  return { blobs, warnings };
}

function readBlob(buf: Buffer, pkgIndex: number, blkOffset: number, blkCount: number): Buffer | string {
  const start = blkOffset * BLOCK;
  const size = blkCount * BLOCK;
  if (start < HEADER_SIZE || start + size > buf.length) return `blob at block ${blkOffset} (+${blkCount}) lies outside the file (truncated?)`;
  if (buf.readUInt32LE(start) !== BLOB_MAGIC) return `blob at block ${blkOffset}: bad magic`;
  if (buf.readUInt32LE(start + 4) !== pkgIndex) return `blob at block ${blkOffset} belongs to package ${buf.readUInt32LE(start + 4)}`;
  const len = buf.readUInt32LE(start + 12);
  if (BLOB_HEAD + len > size) return `blob length ${len} exceeds its ${blkCount} blocks`;
  return buf.subarray(start + BLOB_HEAD, start + BLOB_HEAD + len);
}
