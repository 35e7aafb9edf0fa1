/** Reading a wanted file's content into memory for the analyzers. */
import type { Readable } from "node:stream";

/** Files from this size up that only per-file analyzers read go through the layer's reused buffer. */
const SCRATCH_MIN = 256 * 1024;
const SCRATCH_MAX = 64 * 1024 * 1024;

/**
 * One buffer reused from file to file of a layer, for files that only per-file analyzers read: they are done
 * with the content when analyze() resolves, and their results (cached as JSON) hold no view of it. Without
 * it, a layer of fat jars leaves tens of MB of dead buffers behind, as off-heap bytes trigger no early GC.
 */
export class ContentScratch {
  private buf: Buffer | undefined;

  /** A view of `size` bytes valid until the next call, or undefined when the file is too small or too large. */
  take(size: number): Buffer | undefined {
    if (size < SCRATCH_MIN || size > SCRATCH_MAX) return undefined;
    if (!this.buf || this.buf.length < size) this.buf = Buffer.allocUnsafeSlow(Math.ceil(size / SCRATCH_MIN) * SCRATCH_MIN);
    return this.buf.subarray(0, size);
  }
}

/**
 * The whole stream: into `target` when given (a file that grew past it still comes whole, in a new buffer),
 * else the single chunk itself or a concatenation. Events, not `for await`: an async iterator per file costs
 * more than parsing a 1 kB package.json.
 */
export function readContent(stream: Readable, expected: number, target?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    stream.on("data", (chunk: Buffer) => {
      if (target && chunks.length === 0 && n + chunk.length <= target.length) chunk.copy(target, n);
      else chunks.push(chunk);
      n += chunk.length;
    });
    let ended = false;
    stream.once("end", () => {
      ended = true;
      if (target) resolve(chunks.length === 0 ? target.subarray(0, n) : Buffer.concat([target.subarray(0, n - sum(chunks)), ...chunks], n));
      else resolve(chunks.length === 1 && n === expected ? own(chunks[0]!) : Buffer.concat(chunks, n));
    });
    stream.once("error", reject);
    // Destroyed without an error (an aborted walk): settle instead of waiting forever.
    stream.once("close", () => {
      if (!ended) reject(new Error("the file's stream closed before its end"));
    });
  });
}

/**
 * A file's single chunk is a view of the tar reader's buffer (hundreds of kB): kept until the layer ends, a
 * 1 kB copyright file would keep all of it alive (178 MB of them on the big bench image). Such views are copied.
 */
function own(chunk: Buffer): Buffer {
  return chunk.buffer.byteLength > 2 * chunk.length + 8192 ? Buffer.from(chunk) : chunk;
}

const sum = (chunks: readonly Buffer[]): number => chunks.reduce((s, c) => s + c.length, 0);
