/**
 * Builds tar layers for walker tests with tar-stream's pack and zlib: well-formed ones, hostile ones
 * (traversal, links out of the root, bombs) and broken ones (truncated, corrupt, garbage). Everything is
 * generated: no fixture files.
 */
import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import { pack, type Pack } from "tar-stream";
import { isDredgeError } from "../../src/errors.js";
import { memoryLogger } from "../../src/util/log.js";
import { openLayerTar } from "../../src/layer/decompress.js";
import { walkLayer } from "../../src/layer/walk.js";
import type { LayerEvent, WalkLimits } from "../../src/layer/types.js";

export interface TarSpec {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "character-device" | "block-device" | "fifo";
  /** File content (string or bytes); ignored for other types. */
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  /** Forces a PAX header (to carry names tar headers cannot). */
  pax?: Record<string, string>;
}

/** Packs entries into a tar in memory. `trailer: false` drops the two end-of-archive blocks. */
export async function tarBuffer(entries: readonly TarSpec[], opts: { trailer?: boolean } = {}): Promise<Buffer> {
  const p = pack();
  const done = collect(p);
  for (const e of entries) {
    const type = e.type ?? "file";
    const body = type === "file" ? Buffer.from(e.content ?? "") : undefined;
    const header = {
      name: e.name,
      type,
      mode: e.mode ?? (type === "directory" ? 0o755 : 0o644),
      linkname: e.linkname,
      size: body?.length ?? 0,
      mtime: new Date(1_700_000_000_000),
      devmajor: type.endsWith("device") ? 1 : 0,
      devminor: type.endsWith("device") ? 3 : 0,
      pax: e.pax,
    };
    await new Promise<void>((resolve, reject) => {
      if (body) p.entry(header, body, (err) => (err ? reject(err) : resolve()));
      else p.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  const tar = await done;
  return opts.trailer === false ? tar.subarray(0, tar.length - 1024) : tar;
}

function collect(p: Pack): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    p.on("data", (c: unknown) => void chunks.push(c as Buffer));
    p.on("end", () => resolve(Buffer.concat(chunks)));
    p.on("error", reject);
  });
}

export const gzip = (b: Buffer): Buffer => gzipSync(b);

/**
 * A zstd frame made of raw (stored) blocks: valid zstd without an encoder. `windowLog` sets the declared
 * window (10…41; fzstd would allocate it).
 */
export function zstdRawFrame(data: Buffer, windowLog = 17): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (windowLog - 10) << 3])];
  const max = Math.min(128 * 1024, 2 ** windowLog);
  for (let at = 0; at < data.length || at === 0; at += max) {
    const block = data.subarray(at, at + max);
    const last = at + max >= data.length ? 1 : 0;
    const h = (block.length << 3) | last;
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), block);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** A ustar header block for a regular file of `size` bytes (its data is not included). */
export async function fileHeader(name: string, size: number): Promise<Buffer> {
  const h = Buffer.from((await tarBuffer([{ name, content: "x" }])).subarray(0, 512));
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/**
 * A zstd bomb: `prefix` stored as a raw block, then `blocks` RLE blocks of 128 KiB of zeros (4 bytes each).
 */
export function zstdRleBomb(prefix: Buffer, blocks: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (17 - 10) << 3])];
  const raw = prefix.length << 3;
  parts.push(Buffer.from([raw & 0xff, (raw >> 8) & 0xff, (raw >> 16) & 0xff]), prefix);
  for (let i = 0; i < blocks; i++) {
    const h = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, 0]));
  }
  return Buffer.concat(parts);
}

/**
 * A tar with one file of `size` bytes of zeros (or pseudo-random bytes), gzip-compressed as it is generated,
 * written to `file`: never held in memory.
 */
export async function writeBigFileLayer(file: string, size: number, opts: { random?: boolean; level?: number } = {}): Promise<void> {
  const p = pack();
  const out = pipeline(p as unknown as Readable, createGzip({ level: opts.level ?? 1 }), createWriteStream(file));
  const entry = p.entry({ name: "big/blob.bin", size, mode: 0o644 }) as unknown as Writable;
  const chunk = opts.random ? randomBytes(1 << 20) : Buffer.alloc(1 << 20);
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!entry.write(piece)) await new Promise((r) => entry.once("drain", r));
  }
  entry.end();
  p.finalize();
  await out;
}

/** Many small entries (a tar bomb by count). */
export function manyEntries(n: number): TarSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `many/f${i}`, content: "" }));
}

// ---- walking them

export interface WalkResult {
  events: string[];
  contents: Map<string, string>;
  warnings: string[];
  error?: unknown;
}

export const where = "layer 1 (sha256:test)";

/** Walks a layer blob given as bytes (chunked, as a file stream would be); reads every file's content. */
export async function walkBytes(blob: Buffer, limits?: WalkLimits, readContent = true): Promise<WalkResult> {
  const logger = memoryLogger();
  const r: WalkResult = { events: [], contents: new Map(), warnings: [] };
  const chunks = Array.from({ length: Math.ceil(blob.length / 4096) }, (_, i) => blob.subarray(i * 4096, i * 4096 + 4096));
  try {
    for await (const ev of walkLayer(openLayerTar(Readable.from(chunks), where), { where, logger, limits })) {
      r.events.push(describeEvent(ev));
      if (ev.kind === "entry" && ev.content && readContent) {
        const parts: Buffer[] = [];
        for await (const c of ev.content) parts.push(c as Buffer);
        r.contents.set(ev.info.path, Buffer.concat(parts).toString());
      }
    }
  } catch (err) {
    r.error = err;
  }
  r.warnings = logger.records.filter((x) => x.level === "warn").map((x) => `${x.msg} ${JSON.stringify(x.fields)}`);
  return r;
}

export function describeEvent(ev: LayerEvent): string {
  if (ev.kind !== "entry") return `${ev.kind} ${ev.path}`;
  const i = ev.info;
  const link = i.linkname === undefined ? "" : ` -> ${i.linkname}`;
  return `${i.type} ${i.path}${link}${ev.content ? " +content" : ""}`;
}

export function assertError(r: WalkResult, code: string): void {
  assert.ok(isDredgeError(r.error), `expected a DredgeError, got ${String(r.error)}`);
  assert.equal(r.error.code, code, r.error.message);
  assert.ok(r.error.message.includes(where), `message names the layer: ${r.error.message}`);
}

