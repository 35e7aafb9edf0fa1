/**
 * rpm header blobs as stored in the package databases: a big-endian index count and data length, the index
 * entries (tag, type, offset, count), then the data store. Region tags (61–63) are skipped; a "dribble"
 * entry after the region replaces a region entry of the same tag, as rpm does. Every offset and count is
 * checked against the blob; a bad header gives an error text, never an exception.
 */

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  FILENAMES: 1027,
  SOURCERPM: 1044,
  PROVIDENAME: 1047,
  REQUIRENAME: 1049,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE = { CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;
/** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_INDEX = 0xffff;
const MAX_DATA = 0x0fffffff;
const ENTRY_SIZE = 16;

export type TagValue = string | string[] | number[];

export interface RpmHeader {
  tags: Map<number, TagValue>;
}

export function parseRpmHeader(blob: Buffer): RpmHeader | string {
  if (blob.length < 8) return `header blob of ${blob.length} bytes is too short`;
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il < 1 || il > MAX_INDEX) return `bad header index count ${il}`;
  if (dl > MAX_DATA) return `bad header data length ${dl}`;
  const dataStart = 8 + il * ENTRY_SIZE;
  if (dataStart + dl > blob.length) return `header needs ${dataStart + dl} bytes, blob has ${blob.length}`;
  const data = blob.subarray(dataStart, dataStart + dl);
  const tags = new Map<number, TagValue>();
  // Entries do not share data: together they decode at most `dl` bytes. Entries that all point at the same
  // data would make the work il × dl (seconds and hundreds of MB for a 100 KB blob).
  let decoded = 0;
  for (let i = 0; i < il; i++) {
    const at = 8 + i * ENTRY_SIZE;
    const tag = blob.readInt32BE(at);
    if (tag >= 61 && tag <= 63) continue;
    const type = blob.readUInt32BE(at + 4);
    const count = blob.readUInt32BE(at + 12);
    decoded += minBytes(type, count);
    if (decoded > dl) return `tag ${tag}: the entries decode more than the ${dl}-byte data store (overlapping entries)`;
    const value = readValue(data, type, blob.readInt32BE(at + 8), count);
    if (typeof value === "string" && value.startsWith("\0")) return `tag ${tag}: ${value.slice(1)}`;
    if (value !== undefined) tags.set(tag, value);
  }
  return { tags };
}

/** The fewest data bytes an entry of `type` with `count` values can occupy (a string is at least its NUL). */
function minBytes(type: number, count: number): number {
  if (type === TYPE.STRING) return 1;
  if (type === TYPE.STRING_ARRAY || type === TYPE.I18NSTRING || type === TYPE.INT8 || type === TYPE.CHAR) return count;
  if (type === TYPE.INT16) return 2 * count;
  if (type === TYPE.INT32) return 4 * count;
  return 0;
}

/** Decoded value; undefined for types we do not need; a string starting with NUL is an error text. */
function readValue(data: Buffer, type: number, offset: number, count: number): TagValue | undefined {
  if (offset < 0 || offset > data.length) return `\0offset ${offset} outside the data store`;
  if (count > data.length) return `\0count ${count} larger than the data store`;
  switch (type) {
    case TYPE.STRING:
      return readStrings(data, offset, 1)?.[0] ?? "\0unterminated string";
    case TYPE.STRING_ARRAY:
    case TYPE.I18NSTRING:
      return readStrings(data, offset, count) ?? "\0unterminated string array";
    case TYPE.INT32:
      return readInts(data, offset, count, 4);
    case TYPE.INT16:
      return readInts(data, offset, count, 2);
    case TYPE.INT8:
    case TYPE.CHAR:
      return readInts(data, offset, count, 1);
    default:
      return undefined;
  }
}

function readStrings(data: Buffer, offset: number, count: number): string[] | undefined {
  const out: string[] = [];
  let pos = offset;
  for (let i = 0; i < count; i++) {
    const end = data.indexOf(0, pos);
    if (end < 0) return undefined;
    out.push(data.toString("utf8", pos, end));
    pos = end + 1;
  }
  return out;
}

function readInts(data: Buffer, offset: number, count: number, size: 1 | 2 | 4): number[] | string {
  if (offset + count * size > data.length) return `\0${count} integers at ${offset} pass the data store end`;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + i * size;
    out.push(size === 4 ? data.readUInt32BE(at) : size === 2 ? data.readUInt16BE(at) : data.readUInt8(at));
  }
  return out;
}

export function tagString(h: RpmHeader, tag: number): string | undefined {
  const v = h.tags.get(tag);
  if (typeof v === "string") return v;
  if (Array.isArray(v) && typeof v[0] === "string") return v[0];
  return undefined;
}

export function tagStrings(h: RpmHeader, tag: number): string[] {
  const v = h.tags.get(tag);
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function tagNumbers(h: RpmHeader, tag: number): number[] {
  const v = h.tags.get(tag);
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === "number") : [];
}
