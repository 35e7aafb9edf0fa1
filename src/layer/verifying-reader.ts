/**
 * The reader behind readVerifiedLayer: hashes the raw blob and the decompressed tar as they stream, hands the
 * tar to the walker, reads on to the end after the walk, and settles with the error that explains the others.
 */
import { PassThrough, type Readable, type Transform } from "node:stream";
import { DredgeError } from "../errors.js";
import type { Digest } from "../model/image.js";
import { decoderFor, layerReadAhead, sniffCompression, wrapError, type LayerCompression } from "./decompress.js";
import { digestAlgorithm, sizeError } from "./digests.js";
import { streamHash, type StreamHash } from "../util/stream-hash.js";

export interface LayerExpectation {
  /** Digest of the blob as stored (the manifest's descriptor); checked when known. */
  digest?: Digest;
  /** Size of the blob in bytes (the manifest's descriptor); checked when known, more bytes fail at once. */
  size?: number;
  /** Digest of the uncompressed tar: the config's diff_id. Always checked. */
  diffId: Digest;
  /** Uncompressed bytes read at most, what follows the tar's end included (maxLayerBytes). */
  maxBytes: number;
}

/** What Dredge computed from the bytes it read. */
export interface LayerDigests {
  /** Digest of the blob (the algorithm of the expected digest, else sha256). */
  blob: Digest;
  /** Digest of the uncompressed tar; equals the expected diff_id. */
  diffId: Digest;
  compression: LayerCompression;
}

/**
 * walk: decompressed bytes go to the tar consumer; drain: the consumer is done, the rest is decompressed
 * and hashed; blob: the walk failed, only the blob is read on (its digest decides the error); done.
 */
type Mode = "walk" | "drain" | "blob" | "done";

interface Problems {
  raw?: Error;
  size?: Error;
  decode?: Error;
  limit?: Error;
  trailing?: Error;
}

export class VerifyingReader {
  readonly tar = new PassThrough({ highWaterMark: layerReadAhead });
  private mode: Mode = "walk";
  private head: Buffer[] = [];
  private headLength = 0;
  private kind: LayerCompression | undefined;
  private decoder: Transform | undefined;
  private readonly blobHash: StreamHash;
  private readonly blobAlgorithm: string;
  /** Hash of the uncompressed bytes; undefined while it is the blob hash (a plain tar). */
  private tarHash: StreamHash | undefined;
  private readonly tarAlgorithm: string;
  private blobBytes = 0;
  private tarBytes = 0;
  private rawEnded = false;
  private decoderEnded = false;
  private tarEnded = false;
  /** Every uncompressed byte went through the tar hash. */
  private tarComplete = false;
  private pausedForTar = false;
  /** The source is paused until the hashing thread caught up. */
  private pausedForHash = false;
  private readonly problems: Problems = {};
  private result: { error?: Error; digests?: LayerDigests } | undefined;
  private readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(
    private readonly raw: Readable,
    private readonly expect: LayerExpectation,
    private readonly where: string,
  ) {
    this.tarAlgorithm = digestAlgorithm(expect.diffId, `${where}: diff_id`);
    this.blobAlgorithm = expect.digest === undefined ? "sha256" : digestAlgorithm(expect.digest, `${where}: digest`);
    // Large blobs hash on a worker thread (util/stream-hash.ts); the tar is about as large or larger.
    this.tarHash = streamHash(this.tarAlgorithm, expect.size);
    this.blobHash = streamHash(this.blobAlgorithm, expect.size);
    this.settled = new Promise((resolve) => (this.settle = resolve));
    raw.on("data", (chunk: Buffer) => this.onRaw(chunk));
    raw.once("end", () => this.onRawEnd());
    raw.on("error", (err) => this.failRaw(err));
    raw.once("close", () => {
      if (!raw.readableEnded) this.failRaw(new Error("the stream closed before its end"));
    });
    this.tar.once("close", () => this.onConsumerGone());
  }

  /** After a successful walk: read and hash the rest, then check everything. */
  async finish(): Promise<LayerDigests> {
    if (!this.tar.destroyed) this.tar.destroy();
    await this.settled;
    if (this.result?.error) throw this.result.error;
    if (!this.result?.digests) throw new DredgeError("INTERNAL", `${this.where}: the layer was not read to its end`);
    return this.result.digests;
  }

  /** After a failed walk: the error to report (the blob's digest error when it has one). */
  async failed(walkError: unknown): Promise<unknown> {
    if (this.mode === "walk" || this.mode === "drain") this.toBlobMode();
    await this.settled;
    return this.result?.error ?? walkError;
  }

  /** Stop reading (cancelled): nothing is verified. */
  destroy(): void {
    this.complete();
  }

  private onRaw(chunk: Buffer): void {
    if (this.mode === "done") return;
    this.blobBytes += chunk.length;
    const size = this.expect.size;
    if (size !== undefined && this.blobBytes > size) {
      this.problems.size = sizeError(this.where, size, this.blobBytes);
      return this.complete();
    }
    this.blobHash.update(chunk);
    this.holdForHash(this.blobHash);
    if (this.mode === "blob") return;
    if (this.kind !== undefined) return this.feed(chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= 4) this.start();
  }

  /** Sniff the compression from the first bytes and set up the decoder. */
  private start(): void {
    const first = Buffer.concat(this.head);
    this.head = [];
    this.kind = sniffCompression(first);
    if (this.kind === "none" && this.tarAlgorithm === this.blobAlgorithm) {
      this.tarHash?.dispose();
      this.tarHash = undefined;
    }
    const decoder = decoderFor(this.kind);
    if (decoder) {
      this.decoder = decoder;
      decoder.on("data", (out: Buffer) => this.onTar(out));
      decoder.once("end", () => this.onDecoderEnd());
      decoder.on("error", (err) => this.failDecode(err));
      decoder.on("drain", () => {
        if (this.mode !== "done") this.raw.resume();
      });
    }
    if (first.length > 0) this.feed(first);
  }

  private feed(chunk: Buffer): void {
    const decoder = this.decoder;
    if (!decoder) return this.onTar(chunk);
    if (this.decoderEnded) {
      this.problems.trailing = this.trailingError();
      return this.toBlobMode(this.problems.trailing);
    }
    if (!decoder.write(chunk)) this.raw.pause();
  }

  /** Uncompressed bytes: hashed, counted, handed to the walker while it wants them. */
  private onTar(chunk: Buffer): void {
    if (this.mode !== "walk" && this.mode !== "drain") return;
    this.tarBytes += chunk.length;
    if (this.tarBytes > this.expect.maxBytes) {
      this.problems.limit = new DredgeError("LIMIT_EXCEEDED", `${this.where}: the layer has more than ${this.expect.maxBytes} uncompressed bytes (limit maxLayerBytes)`, {
        hint: "the layer may be a tar or compression bomb; raise the limit only for trusted images",
        details: { layer: this.where, limit: "maxLayerBytes", value: this.expect.maxBytes },
      });
      return this.toBlobMode(this.problems.limit);
    }
    this.tarHash?.update(chunk);
    this.holdForHash(this.tarHash);
    if (this.mode === "walk" && !this.tar.destroyed && !this.tar.write(chunk)) {
      this.pausedForTar = true;
      (this.decoder ?? this.raw).pause();
      this.tar.once("drain", () => this.resumeForTar());
    }
  }

  /**
   * The hashing thread is behind (util/stream-hash.ts): pause the source until it caught up, so a large
   * layer's bytes do not pile up in memory waiting to be hashed. Other backpressure (the decoder full, the
   * walker not reading) keeps its own pause.
   */
  private holdForHash(hash: StreamHash | undefined): void {
    if (!hash?.congested) return;
    this.raw.pause();
    if (this.pausedForHash) return;
    this.pausedForHash = true;
    hash.whenDrained(() => {
      this.pausedForHash = false;
      if (this.mode === "done") return;
      if (this.decoder?.writableNeedDrain) return;
      if (this.pausedForTar && !this.decoder) return;
      this.raw.resume();
    });
  }

  private resumeForTar(): void {
    if (!this.pausedForTar || this.mode === "done" || this.mode === "blob") return;
    this.pausedForTar = false;
    (this.decoder ?? this.raw).resume();
  }

  /** The walker is done with the tar (it ended, or failed): decompress and hash what is left. */
  private onConsumerGone(): void {
    if (this.mode !== "walk") return;
    this.mode = "drain";
    this.resumeForTar();
  }

  private onDecoderEnd(): void {
    this.decoderEnded = true;
    if (this.mode === "walk" || this.mode === "drain") this.tarComplete = true;
    if (this.rawEnded) this.endTar();
  }

  private onRawEnd(): void {
    this.rawEnded = true;
    if (this.mode === "done") return;
    if (this.kind === undefined) this.start();
    if (this.mode === "blob") return this.complete();
    if (!this.decoder) this.tarComplete = true;
    if (!this.decoder || this.decoderEnded) return this.endTar();
    this.decoder.end();
  }

  /** Every byte was read and decompressed. */
  private endTar(): void {
    if (this.tarEnded || this.mode === "done" || this.mode === "blob") return;
    this.tarEnded = true;
    const consumed = this.kind === "gzip" ? (this.decoder as unknown as { bytesWritten: number }).bytesWritten : this.blobBytes;
    if (consumed < this.blobBytes) this.problems.trailing = this.trailingError();
    if (this.mode === "walk" && !this.tar.destroyed) this.tar.end();
    this.complete();
  }

  /** Stop decompressing; read the blob on only if its digest can tell more than the error at hand. */
  private toBlobMode(error?: Error): void {
    if (this.mode === "done" || this.mode === "blob") return;
    this.mode = "blob";
    if (!this.tar.destroyed) this.tar.destroy(error);
    if (this.decoder) {
      this.decoder.removeAllListeners("data");
      this.decoder.destroy();
    }
    if (this.blobTarget() === undefined && this.expect.size === undefined) return this.complete();
    if (this.rawEnded) return this.complete();
    this.raw.resume();
  }

  /** What the raw bytes must hash to: the descriptor's digest, or the diff_id for a plain tar. */
  private blobTarget(): Digest | undefined {
    if (this.expect.digest !== undefined) return this.expect.digest;
    return this.kind === "none" && this.tarAlgorithm === this.blobAlgorithm ? this.expect.diffId : undefined;
  }

  private failRaw(err: unknown): void {
    if (this.mode === "done") return;
    this.problems.raw ??= wrapError(err, "none", this.where);
    this.complete();
  }

  private failDecode(err: unknown): void {
    if (this.mode === "done" || this.mode === "blob") return;
    this.problems.decode = wrapError(err, this.kind ?? "none", this.where);
    this.toBlobMode(this.problems.decode);
  }

  private trailingError(): DredgeError {
    return new DredgeError("CORRUPT_LAYER", `${this.where}: data follows the end of the ${this.kind} stream`, {
      hint: "a layer blob ends where its compressed stream ends; this one was padded or tampered with",
    });
  }

  /** Settle once: the first problem that explains the others wins. */
  private complete(): void {
    if (this.mode === "done") return;
    this.mode = "done";
    if (!this.raw.destroyed && !this.raw.readableEnded) this.raw.destroy();
    if (this.decoder && !this.decoder.destroyed) {
      this.decoder.on("error", ignore);
      this.decoder.destroy();
    }
    void this.conclude();
  }

  private async conclude(): Promise<void> {
    try {
      this.result = await this.verdict();
    } catch (err) {
      this.result = { error: new DredgeError("INTERNAL", `${this.where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }) };
    }
    const error = this.result.error;
    if (error && !this.tar.destroyed) this.tar.destroy(error);
    this.settle();
  }

  /**
   * The error that explains the others, if any: the blob not being what the descriptor names, then the tar
   * not being what the config names, then what went wrong reading it. Digests only when every check ran.
   */
  private async verdict(): Promise<{ error?: Error; digests?: LayerDigests }> {
    const p = this.problems;
    const blobDone = this.rawEnded && !(p.raw ?? p.size) && (this.expect.size === undefined || this.blobBytes === this.expect.size);
    const tarDone = this.tarComplete && this.tarHash !== undefined;
    // Both digests at once (on the worker they were computed as the bytes came); the unused are dropped.
    const [blobHex, tarHex] = await Promise.all([
      blobDone ? this.blobHash.digest() : (this.blobHash.dispose(), undefined),
      tarDone ? this.tarHash!.digest() : (this.tarHash?.dispose(), undefined),
    ]);
    if (p.raw ?? p.size) return { error: p.raw ?? p.size };
    let blob: Digest | undefined;
    if (this.rawEnded) {
      const size = this.expect.size;
      if (size !== undefined && this.blobBytes !== size) return { error: sizeError(this.where, size, this.blobBytes) };
      blob = `${this.blobAlgorithm}:${blobHex!}`;
      const target = this.blobTarget();
      if (target !== undefined && blob !== target) return { error: this.mismatch(target, blob) };
    }
    const diffId = this.tarComplete ? (this.tarHash ? `${this.tarAlgorithm}:${tarHex!}` : blob) : undefined;
    if (diffId !== undefined && diffId !== this.expect.diffId) return { error: this.diffIdMismatch(diffId) };
    const found = p.decode ?? p.limit ?? p.trailing;
    if (found) return { error: found };
    if (blob === undefined || diffId === undefined) return {};
    return { digests: { blob, diffId, compression: this.kind ?? "none" } };
  }

  private mismatch(expected: Digest, actual: Digest): DredgeError {
    return new DredgeError("DIGEST_MISMATCH", `${this.where}: digest mismatch: expected ${expected}, the bytes read hash to ${actual}`, {
      hint: "the source served different bytes than the image names; the image is corrupt or was tampered with",
      details: { layer: this.where, expected, actual },
    });
  }

  private diffIdMismatch(actual: Digest): DredgeError {
    return new DredgeError(
      "DIGEST_MISMATCH",
      `${this.where}: diff_id mismatch: the image config says ${this.expect.diffId}, the uncompressed layer hashes to ${actual}`,
      {
        hint: "the image config does not describe this layer; the image is corrupt or was tampered with",
        details: { layer: this.where, expected: this.expect.diffId, actual },
      },
    );
  }
}

function ignore(): void {}
