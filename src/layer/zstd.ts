/**
 * Streaming zstd decompression with fzstd (pure JS), as a Transform. fzstd decodes block by block and keeps
 * one window per frame. ZstdFrameScanner checks each frame header first (windows above `maxZstdWindow`,
 * zstd's own default limit of 128 MiB, are refused before fzstd allocates them) and cuts the input at block
 * ends, so each push to fzstd yields at most one block (≤ 128 KiB) and output respects backpressure even for
 * a zstd bomb. NB: fzstd shifts its whole window once per block, so frames with huge windows (zstd --long)
 * decode slowly. Decoding is synchronous, so after `SLICE_MS` of it the decoder yields to the event loop
 * (a consumer that never applies backpressure would otherwise hold the loop for a whole input chunk:
 * seconds for a bomb, during which no signal or timeout is handled).
 */
import { Transform, type TransformCallback } from "node:stream";
import { Decompress } from "fzstd";
import { ZstdFrameScanner } from "./zstd-scan.js";

export const maxZstdWindow = 128 * 1024 * 1024;
/** Longest stretch of synchronous decoding before yielding to the event loop. */
const SLICE_MS = 20;

interface Pending {
  chunk: Buffer;
  cuts: number[];
  next: number;
  start: number;
  cb: TransformCallback;
}

export class ZstdDecompressor extends Transform {
  private readonly scanner: ZstdFrameScanner;
  private readonly dec: Decompress;
  private pending: Pending | undefined;
  private resuming = false;

  constructor(highWaterMark: number, maxWindow = maxZstdWindow) {
    super({ readableHighWaterMark: highWaterMark });
    this.scanner = new ZstdFrameScanner(maxWindow);
    this.dec = new Decompress((data) => {
      if (data.length > 0) this.push(Buffer.from(data.buffer, data.byteOffset, data.length));
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let cuts: number[];
    try {
      cuts = this.scanner.scan(chunk);
    } catch (err) {
      return cb(zstdError(err));
    }
    this.pending = { chunk, cuts, next: 0, start: 0, cb };
    this.pump();
  }

  override _read(size: number): void {
    // Finish the pending chunk first; its callback may then be parked by Transform until this _read. While a
    // resumption is scheduled, wait for it: pumping here (from process.nextTick) would starve the event loop.
    if (this.pending && !this.resuming) this.pump();
    if (!this.pending) super._read(size);
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.scanner.atFrameBoundary) throw new Error("unexpected end of data");
      this.dec.push(new Uint8Array(0), true);
    } catch (err) {
      return cb(zstdError(err));
    }
    cb();
  }

  /** Feeds the pending chunk block by block, stopping while the readable side is full or the slice is used up. */
  private pump(): void {
    const p = this.pending;
    if (!p || this.destroyed) return;
    const started = performance.now();
    try {
      while (p.next < p.cuts.length) {
        const end = p.cuts[p.next++]!;
        this.dec.push(p.chunk.subarray(p.start, end));
        p.start = end;
        if (this.readableLength >= this.readableHighWaterMark || this.destroyed) return;
        if (performance.now() - started >= SLICE_MS) return this.resumeSoon();
      }
      if (p.start < p.chunk.length) this.dec.push(p.chunk.subarray(p.start));
    } catch (err) {
      this.pending = undefined;
      return p.cb(zstdError(err));
    }
    this.pending = undefined;
    p.cb();
  }

  private resumeSoon(): void {
    if (this.resuming) return;
    this.resuming = true;
    setImmediate(() => {
      this.resuming = false;
      this.pump();
    });
  }
}

function zstdError(err: unknown): Error {
  return new Error(`zstd: ${err instanceof Error ? err.message : String(err)}`);
}
