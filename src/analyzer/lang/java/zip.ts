/**
 * Zip archives already in memory (jars read from a layer), read synchronously: the central directory
 * (ZIP64 too, and a prefix such as a launch script before the archive), entries as views of the buffer
 * (stored nested jars are not copied), deflated entries inflated with a byte cap. Problems are Errors.
 */
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  fileName: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local header in the buffer. */
  localOffset: number;
}

const EOCD = 0x06054b50;
const MAX32 = 0xffffffff;
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function need(buf: Buffer, at: number, bytes: number, what: string): void {
  if (at < 0 || at + bytes > buf.length) throw new Error(`truncated zip: ${what} outside the archive`);
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new Error("end of central directory record signature not found");
}

interface Directory { count: number; size: number; offset: number; /** Where the directory ends in `buf`. */ end: number }


/** An archive over a limit (entry count): reported as a limit, not as a damaged archive. */
export class ZipLimitError extends Error {
  override name = "ZipLimitError";
}

/** The central directory as the EOCD (or its ZIP64 record, when a field overflows) describes it. */
function directory(buf: Buffer, eocd: number): Directory {
  const d = { count: buf.readUInt16LE(eocd + 10), size: buf.readUInt32LE(eocd + 12), offset: buf.readUInt32LE(eocd + 16), end: eocd };
  if (d.count !== 0xffff && d.size !== MAX32 && d.offset !== MAX32) return d;
  const locator = eocd - 20;
  if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50) return d;
  // The locator's offset ignores bytes prepended to the archive: the record usually sits right before it.
  const at = [Number(buf.readBigUInt64LE(locator + 8)), locator - 56].find((o) => o >= 0 && o + 56 <= locator && buf.readUInt32LE(o) === 0x06064b50);
  if (at === undefined) throw new Error("invalid ZIP64 end of central directory record");
  return { count: Number(buf.readBigUInt64LE(at + 32)), size: Number(buf.readBigUInt64LE(at + 40)), offset: Number(buf.readBigUInt64LE(at + 48)), end: at };
}

function decodeName(raw: Buffer, utf8: boolean): string {
  if (utf8) return raw.toString("utf8");
  const latin1 = raw.toString("latin1");
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  let s = "";
  for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
  return s;
}

/** ZIP64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in order. */
function zip64Sizes(extra: Buffer, e: ZipEntry): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let at = i + 4;
      const next = (): number => {
        if (at + 8 > i + 4 + len || at + 8 > extra.length) throw new Error("truncated ZIP64 extra field");
        at += 8;
        return Number(extra.readBigUInt64LE(at - 8));
      };
      if (e.uncompressedSize === MAX32) e.uncompressedSize = next();
      if (e.compressedSize === MAX32) e.compressedSize = next();
      if (e.localOffset === MAX32) e.localOffset = next();
      return;
    }
    i += 4 + len;
  }
}

/** Every entry of the archive, up to `max` (more → an Error naming the limit). */
export function listEntries(buf: Buffer, max: number): ZipEntry[] {
  const eocd = findEocd(buf);
  const { count, size, offset, end } = directory(buf, eocd);
  if (count > max) throw new ZipLimitError(`more than ${max} entries`);
  // Bytes before the archive (a launch script): offsets are relative to the start of the zip data.
  const shift = Math.max(0, end - (offset + size));
  const out: ZipEntry[] = [];
  let at = offset + shift;
  for (let n = 0; n < count; n++) {
    need(buf, at, 46, "central directory");
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error("invalid central directory file header signature");
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    need(buf, at + 46, nameLen + extraLen, "central directory");
    const flags = buf.readUInt16LE(at + 8);
    const e: ZipEntry = {
      fileName: decodeName(buf.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) !== 0),
      method: buf.readUInt16LE(at + 10),
      flags,
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    zip64Sizes(buf.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen), e);
    e.localOffset += shift;
    out.push(e);
    at += 46 + nameLen + extraLen + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** The bytes of `entry` (a view of `buf` when stored); rejects past `cap` bytes whatever the header says. */
export function readEntry(buf: Buffer, entry: ZipEntry, cap: number): Buffer {
  const name = entry.fileName;
  if (entry.uncompressedSize > cap) throw new Error(`${name}: ${entry.uncompressedSize} bytes is over ${cap}`);
  if (entry.flags & 1) throw new Error(`${name}: encrypted`);
  need(buf, entry.localOffset, 30, `${name} local header`);
  if (buf.readUInt32LE(entry.localOffset) !== 0x04034b50) throw new Error(`${name}: invalid local file header signature`);
  const start = entry.localOffset + 30 + buf.readUInt16LE(entry.localOffset + 26) + buf.readUInt16LE(entry.localOffset + 28);
  need(buf, start, entry.compressedSize, `${name} data`);
  const data = buf.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      // One byte more than declared: a header that lies about the size fails here, before inflating the rest.
      out = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (err) {
      const why = err instanceof RangeError ? `inflates past ${entry.uncompressedSize} bytes` : err instanceof Error ? err.message : String(err);
      throw new Error(`${name}: ${why}`, { cause: err });
    }
  } else throw new Error(`${name}: unsupported compression method ${entry.method}`);
  if (out.length !== entry.uncompressedSize) throw new Error(`${name}: ${out.length} bytes, the header says ${entry.uncompressedSize}`);
  return out;
}
