/**
 * Random access into a tar FILE: scan the headers once (seeking over content, so a multi-GB archive is
 * indexed in milliseconds), then open any entry as a byte range of the file. Handles ustar prefixes,
 * PAX (`x`) and GNU long names/links (`L`/`K`). A gzipped archive is decompressed once into a temp file
 * under the caller's tmp dir (removed by close()). Defensive: bounded entry count and metadata sizes,
 * checksums verified, names normalised, `..` rejected; bad input is an INVALID_ARCHIVE naming the file.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { join, posix } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DredgeError, errorMessage } from "../errors.js";

export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "other";

export interface TarEntry {
  /** Normalised path: no leading `./` or `/`, no trailing `/`. */
  name: string;
  type: TarEntryType;
  /** Byte offset of the content in the indexed (uncompressed) file. */
  offset: number;
  size: number;
  linkname?: string;
}

export type FileKind = "gzip" | "zstd" | "tar" | "json" | "empty" | "unknown";

export interface TarIndexOptions {
  /** Where a gzipped archive is decompressed to (required for gzip input). */
  tmpDir?: string;
  maxEntries?: number;
  /** Upper bound on the decompressed size of a gzipped archive. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface TarIndex {
  /** The file the user gave, for messages. */
  readonly source: string;
  /** The uncompressed tar actually read (a temp file for gzip input). */
  readonly file: string;
  readonly compression: "gzip" | undefined;
  readonly entries: ReadonlyMap<string, TarEntry>;
  /** The regular file at `name`, following symlinks and hard links inside the archive. */
  lookup(name: string): TarEntry | undefined;
  /** Read a small entry whole; LIMIT_EXCEEDED when it is larger than maxBytes. */
  read(name: string, maxBytes: number): Promise<Buffer>;
  /** Stream an entry's content (a byte range of the file). */
  open(entry: TarEntry): Readable;
  /** The first `length` bytes of an entry (fewer when it is shorter). */
  peek(entry: TarEntry, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

const BLOCK = 512;
const DEFAULT_MAX_ENTRIES = 200_000;
const DEFAULT_MAX_BYTES = 64 * 1024 ** 3;
const MAX_META = 1024 * 1024;
const MAX_LINK_HOPS = 16;

/** What a file looks like from its first bytes. */
export async function sniffFile(file: string): Promise<FileKind> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(BLOCK);
    const { bytesRead } = await fh.read(buf, 0, BLOCK, 0);
    return sniffBytes(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export function sniffBytes(b: Buffer): FileKind {
  if (b.length === 0) return "empty";
  if (b[0] === 0x1f && b[1] === 0x8b) return "gzip";
  if (b.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  if (b.length >= 262 && b.toString("latin1", 257, 262) === "ustar") return "tar";
  if (b.length === BLOCK && checksumOk(b)) return "tar";
  const text = b.toString("utf8").trimStart();
  if (text.startsWith("{") || text.startsWith("[")) return "json";
  return "unknown";
}

/** Normalise a member name; undefined for the archive root. Throws on `..`. */
export function normaliseEntryName(raw: string, where: string): string | undefined {
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new DredgeError("INVALID_ARCHIVE", `${where}: archive member "${raw}" escapes the archive root`);
  }
  return parts.length ? parts.join("/") : undefined;
}

export async function indexTarFile(file: string, options: TarIndexOptions = {}): Promise<TarIndex> {
  let kind: FileKind;
  try {
    kind = await sniffFile(file);
  } catch (err) {
    throw new DredgeError("IO_ERROR", `${file}: cannot read the archive (${errorMessage(err)})`, { cause: err });
  }
  if (kind === "zstd") {
    throw new DredgeError("INVALID_ARCHIVE", `${file}: zstd-compressed archives are not supported`, {
      hint: "decompress it first (zstd -d), or use a plain or gzipped tar",
    });
  }
  if (kind !== "gzip") {
    const entries = await scanHeaders(file, file, options);
    return makeIndex(file, file, undefined, entries, undefined);
  }
  if (!options.tmpDir) throw new DredgeError("INTERNAL", `${file}: a tmp dir is needed to read a gzipped archive`);
  const dir = await mkdtemp(join(options.tmpDir, "dredge-tar-"));
  try {
    const plain = join(dir, "archive.tar");
    await gunzipTo(file, plain, options);
    const entries = await scanHeaders(plain, file, options);
    return makeIndex(file, plain, "gzip", entries, dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function gunzipTo(file: string, out: string, options: TarIndexOptions): Promise<void> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let total = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > max) {
        cb(new DredgeError("LIMIT_EXCEEDED", `${file}: decompressed archive is larger than ${max} bytes`, {
          hint: "the archive may be a compression bomb; for a trusted archive raise --max-layer-bytes, or gunzip it first",
        }));
      } else cb(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), limit, createWriteStream(out), { signal: options.signal });
  } catch (err) {
    if (err instanceof DredgeError) throw err;
    throw new DredgeError("INVALID_ARCHIVE", `${file}: cannot decompress the gzipped archive (${errorMessage(err)})`, {
      cause: err,
    });
  }
}

interface Pending {
  path?: string;
  linkpath?: string;
  size?: number;
}

async function scanHeaders(file: string, where: string, options: TarIndexOptions): Promise<Map<string, TarEntry>> {
  const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const fh = await open(file, "r");
  try {
    const fileSize = (await fh.stat()).size;
    const entries = new Map<string, TarEntry>();
    const header = Buffer.alloc(BLOCK);
    let pos = 0;
    let pending: Pending = {};
    let headers = 0;
    while (pos + BLOCK <= fileSize) {
      options.signal?.throwIfAborted();
      await readFully(fh, header, pos);
      if (isZeroBlock(header)) break;
      if (!checksumOk(header)) {
        const what = pos === 0 ? "is not a tar archive" : `has a corrupt tar header at offset ${pos}`;
        throw new DredgeError("INVALID_ARCHIVE", `${where} ${what}`);
      }
      if (++headers > max) {
        throw new DredgeError("LIMIT_EXCEEDED", `${where}: more than ${max} entries in the archive`);
      }
      const h = parseHeader(header, where, pos);
      const size = h.meta ? h.size : (pending.size ?? h.size);
      const offset = pos + BLOCK;
      if (offset + size > fileSize) {
        throw new DredgeError("INVALID_ARCHIVE", `${where} is truncated (entry "${pending.path ?? h.name}" at offset ${pos})`);
      }
      if (h.meta) pending = await applyMeta(fh, h.flag, offset, size, pending, where);
      else {
        addEntry(entries, h, pending, offset, size, where);
        pending = {};
      }
      pos = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
    if (headers === 0) throw new DredgeError("INVALID_ARCHIVE", `${where} is not a tar archive (no entries)`);
    return entries;
  } finally {
    await fh.close();
  }
}

interface RawHeader {
  name: string;
  linkname: string;
  size: number;
  flag: string;
  meta: boolean;
}

function parseHeader(b: Buffer, where: string, pos: number): RawHeader {
  let name = cString(b, 0, 100);
  const ustar = b.toString("latin1", 257, 262) === "ustar";
  const prefix = ustar ? cString(b, 345, 155) : "";
  if (prefix) name = `${prefix}/${name}`;
  const size = parseNumber(b.subarray(124, 136));
  if (size === undefined) throw new DredgeError("INVALID_ARCHIVE", `${where}: bad size field in the tar header at offset ${pos}`);
  const flag = String.fromCharCode(b[156] ?? 0);
  return { name, linkname: cString(b, 157, 100), size, flag, meta: "xgLK".includes(flag) };
}

async function applyMeta(fh: FileHandle, flag: string, offset: number, size: number, p: Pending, where: string): Promise<Pending> {
  if (size > MAX_META) throw new DredgeError("LIMIT_EXCEEDED", `${where}: tar metadata record of ${size} bytes at offset ${offset}`);
  const buf = Buffer.alloc(size);
  await readFully(fh, buf, offset);
  if (flag === "L") return { ...p, path: cString(buf, 0, size) };
  if (flag === "K") return { ...p, linkpath: cString(buf, 0, size) };
  if (flag === "g") return p;
  const rec = parsePax(buf);
  const out = { ...p };
  if (rec.path !== undefined) out.path = rec.path;
  if (rec.linkpath !== undefined) out.linkpath = rec.linkpath;
  if (rec.size !== undefined) {
    const n = Number(rec.size);
    if (!Number.isSafeInteger(n) || n < 0) throw new DredgeError("INVALID_ARCHIVE", `${where}: bad PAX size "${rec.size}"`);
    out.size = n;
  }
  return out;
}

/** PAX extended header records: `LEN key=value\n`. */
export function parsePax(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < buf.length) {
    const space = buf.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(buf.toString("latin1", i, space));
    if (!Number.isSafeInteger(len) || len <= 0 || i + len > buf.length) break;
    const rec = buf.toString("utf8", space + 1, i + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

function addEntry(entries: Map<string, TarEntry>, h: RawHeader, p: Pending, offset: number, size: number, where: string): void {
  const name = normaliseEntryName(p.path ?? h.name, where);
  if (name === undefined) return;
  const type = entryType(h.flag);
  const entry: TarEntry = { name, type, offset, size: type === "file" ? size : 0 };
  if (type === "symlink" || type === "hardlink") entry.linkname = p.linkpath ?? h.linkname;
  entries.set(name, entry);
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case "0":
    case "\0":
    case "7":
      return "file";
    case "1":
      return "hardlink";
    case "2":
      return "symlink";
    case "5":
      return "directory";
    default:
      return "other";
  }
}

function makeIndex(
  source: string,
  file: string,
  compression: "gzip" | undefined,
  entries: Map<string, TarEntry>,
  tmp: string | undefined,
): TarIndex {
  let closed = false;
  const lookup = (name: string): TarEntry | undefined => resolveLinks(entries, name, source);
  return {
    source,
    file,
    compression,
    entries,
    lookup,
    async read(name, maxBytes) {
      const e = lookup(name);
      if (!e) throw new DredgeError("INVALID_ARCHIVE", `${source}: "${name}" is missing from the archive`);
      if (e.size > maxBytes) {
        throw new DredgeError("LIMIT_EXCEEDED", `${source}: "${name}" is ${e.size} bytes, more than the ${maxBytes} allowed`);
      }
      return readRange(file, e.offset, e.size);
    },
    peek: (entry, length) => readRange(file, entry.offset, Math.min(length, entry.size)),
    open(entry) {
      if (entry.size === 0) return Readable.from([]);
      return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: 1024 * 1024 });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}

function resolveLinks(entries: ReadonlyMap<string, TarEntry>, name: string, where: string): TarEntry | undefined {
  let current: string | undefined = normaliseEntryName(name, where);
  for (let hop = 0; current !== undefined && hop <= MAX_LINK_HOPS; hop++) {
    const e = entries.get(current);
    if (!e) return undefined;
    if (e.type === "file") return e;
    if (e.type === "hardlink" && e.linkname) current = safeJoin("", e.linkname);
    else if (e.type === "symlink" && e.linkname) current = safeJoin(posix.dirname(current), e.linkname);
    else return undefined;
  }
  return undefined;
}

/** Resolve a link target inside the archive; undefined when it leaves the archive. */
function safeJoin(dir: string, target: string): string | undefined {
  const joined = target.startsWith("/") ? target : posix.join(dir, target);
  const norm = posix.normalize(joined).replace(/^\/+/, "");
  if (norm === ".." || norm.startsWith("../") || norm === "." || norm === "") return undefined;
  return norm;
}

async function readRange(file: string, offset: number, size: number): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(size);
    await readFully(fh, buf, offset);
    return buf;
  } finally {
    await fh.close();
  }
}

async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new DredgeError("INVALID_ARCHIVE", `unexpected end of file at offset ${position + done}`);
    done += bytesRead;
  }
}

function cString(b: Buffer, start: number, len: number): string {
  const end = b.indexOf(0, start);
  return b.toString("utf8", start, end < 0 || end > start + len ? start + len : end);
}

/** Octal (NUL/space padded) or GNU base-256 numbers. */
function parseNumber(field: Buffer): number | undefined {
  if ((field[0]! & 0x80) !== 0) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return Number.isSafeInteger(n) ? n : undefined;
  }
  const text = field.toString("latin1").replace(/\0.*$/s, "").trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  return parseInt(text, 8);
}

function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function checksumOk(b: Buffer): boolean {
  const stored = parseNumber(b.subarray(148, 156));
  if (stored === undefined) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]!;
  return sum === stored;
}
