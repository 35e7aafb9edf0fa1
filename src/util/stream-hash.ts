/**
 * Incremental hashes of large streams (layer blobs and their uncompressed tars) computed on a worker thread,
 * so the main thread walks and analyses layers while the other core hashes them. Chunks are copied in
 * batches of about a megabyte and transferred; the digest comes back as a promise. Small streams (and
 * unknown sizes) hash in the calling thread: starting the worker costs more than it saves for them. The
 * batch buffers come back from the worker and are reused (fresh memory would cost a page fault per 4 KB).
 * The worker is shared by the process and keeps it alive only while a hash is open. The bytes posted and not
 * yet hashed are bounded: past MAX_BACKLOG_BYTES the hash is `congested` and readers pause their source
 * until `whenDrained` (without it a loaded worker let batches pile up: ~400 MB on a 1 GB layer).
 */
import { createHash, type Hash } from "node:crypto";
import type * as WorkerThreads from "node:worker_threads";
import type { Worker } from "node:worker_threads";
import { lazyBuiltin } from "./lazy-builtin.js";

const workerThreads = lazyBuiltin<typeof WorkerThreads>("node:worker_threads");

export interface StreamHash {
  update(chunk: Uint8Array): void;
  /** The hex digest of everything given; the hash cannot be used after. */
  digest(): Promise<string>;
  /** Drop the hash without a digest. */
  dispose(): void;
  /** More bytes wait for the worker than it should hold: stop feeding until `whenDrained`. */
  readonly congested: boolean;
  /** Calls `resume` once the backlog is below the bound (at once when it is). */
  whenDrained(resume: () => void): void;
}

/** Streams at least this large (when known) are hashed on the worker thread. */
export const OFF_THREAD_MIN_BYTES = 8 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
const MAX_SPARE = 8;
const IDLE_MS = 500;
/** Bytes posted to the worker and not yet hashed, over every open hash. */
export const MAX_BACKLOG_BYTES = 16 * BATCH_BYTES;

/** A hash of `algorithm` (sha256, sha384, sha512) for a stream of about `expectedBytes`. */
export function streamHash(algorithm: string, expectedBytes: number | undefined): StreamHash {
  return expectedBytes !== undefined && expectedBytes >= OFF_THREAD_MIN_BYTES ? pool().open(algorithm) : new LocalHash(createHash(algorithm));
}

class LocalHash implements StreamHash {
  constructor(private readonly hash: Hash) {}
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): Promise<string> {
    return Promise.resolve(this.hash.digest("hex"));
  }
  dispose(): void {}
  readonly congested = false;
  whenDrained(resume: () => void): void {
    resume();
  }
}

// The worker is plain JavaScript evaluated from this string (script or module alike, without the parent's
// loaders): it runs the same from the sources, dist/ and the bundle, with nothing to resolve on disk.
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule("node:worker_threads");
const { createHash } = process.getBuiltinModule("node:crypto");
const open = new Map();
parentPort.on("message", (m) => {
  try {
    if (m.op === "open") open.set(m.id, createHash(m.algorithm));
    else if (m.op === "update") {
      try {
        open.get(m.id).update(new Uint8Array(m.bytes, 0, m.length));
      } finally {
        parentPort.postMessage({ free: m.bytes }, [m.bytes]);
      }
    }
    else if (m.op === "digest") {
      const hash = open.get(m.id);
      open.delete(m.id);
      parentPort.postMessage({ id: m.id, hex: hash.digest("hex") });
    } else if (m.op === "drop") open.delete(m.id);
  } catch (err) {
    open.delete(m.id);
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

interface Reply {
  id?: number;
  /** A batch buffer handed back for reuse (fresh memory costs page faults). */
  free?: ArrayBuffer;
  hex?: string;
  error?: string;
}

class HashPool {
  private readonly worker: Worker;
  private nextId = 1;
  private openCount = 0;
  private readonly waiting = new Map<number, { resolve: (hex: string) => void; reject: (err: Error) => void }>();
  private failure: Error | undefined;
  /** Batch buffers back from the worker, reused: at most a few are ever in flight. */
  private readonly spare: ArrayBuffer[] = [];
  /** Bytes posted and not yet handed back (hashed). */
  private backlog = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true, execArgv: [] });
    this.worker.unref();
    this.worker.on("message", (r: Reply) => this.onReply(r));
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`the hashing thread exited (code ${code})`)));
  }

  open(algorithm: string): StreamHash {
    const id = this.nextId++;
    if (this.openCount++ === 0) this.worker.ref();
    this.post({ op: "open", id, algorithm });
    let batch: Uint8Array | undefined;
    let batched = 0;
    let closed = false;
    const flush = (): void => {
      if (!batch || batched === 0) return;
      const bytes = batch.buffer as ArrayBuffer;
      this.backlog += bytes.byteLength;
      this.post({ op: "update", id, bytes, length: batched }, [bytes]);
      batch = undefined;
      batched = 0;
    };
    /** Copies `chunk` into batch buffers, each sent when full. */
    const add = (chunk: Uint8Array): void => {
      for (let at = 0; at < chunk.length; ) {
        batch ??= new Uint8Array(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES));
        const n = Math.min(chunk.length - at, BATCH_BYTES - batched);
        batch.set(chunk.subarray(at, at + n), batched);
        batched += n;
        at += n;
        if (batched === BATCH_BYTES) flush();
      }
    };
    const close = (): void => {
      if (closed) return;
      closed = true;
      if (--this.openCount === 0) this.idle();
    };
    const congested = (): boolean => this.isCongested();
    return {
      update: (chunk) => {
        if (closed) throw new Error("hash already digested");
        add(chunk);
      },
      get congested() {
        return congested();
      },
      whenDrained: (resume) => this.whenDrained(resume),
      digest: () => {
        if (closed) return Promise.reject(new Error("hash already digested"));
        flush();
        if (this.failure) {
          close();
          return Promise.reject(this.failure);
        }
        const done = new Promise<string>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
        this.post({ op: "digest", id });
        return done.finally(close);
      },
      dispose: () => {
        if (closed) return;
        if (batch && this.spare.length < MAX_SPARE) this.spare.push(batch.buffer as ArrayBuffer);
        batch = undefined;
        batched = 0;
        this.post({ op: "drop", id });
        close();
      },
    };
  }

  /**
   * No hash open: the worker no longer keeps the process alive, and the spare batch buffers (up to 8 MB) are
   * let go unless another hash opens within IDLE_MS (between the layers of one image they are reused).
   */
  private idle(): void {
    this.worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.openCount === 0) this.spare.length = 0;
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  isCongested(): boolean {
    return !this.failure && this.backlog > MAX_BACKLOG_BYTES;
  }

  whenDrained(resume: () => void): void {
    if (this.isCongested()) this.drainWaiters.push(resume);
    else resume();
  }

  private released(bytes: number): void {
    this.backlog = Math.max(0, this.backlog - bytes);
    if (this.isCongested()) return;
    for (const resume of this.drainWaiters.splice(0)) resume();
  }

  private post(message: object, transfer: ArrayBuffer[] = []): void {
    if (!this.failure) this.worker.postMessage(message, transfer);
  }

  private onReply(r: Reply): void {
    if (r.free) {
      if (this.spare.length < MAX_SPARE && this.openCount > 0) this.spare.push(r.free);
      this.released(r.free.byteLength);
      return;
    }
    if (r.id === undefined) return;
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (r.hex !== undefined) w.resolve(r.hex);
    else w.reject(new Error(`hashing failed: ${r.error ?? "no digest"}`));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    if (shared === this) shared = undefined;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    for (const resume of this.drainWaiters.splice(0)) resume();
  }
}

let shared: HashPool | undefined;
const pool = (): HashPool => (shared ??= new HashPool());
