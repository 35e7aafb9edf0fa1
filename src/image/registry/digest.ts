/** Digests: computing them, and a pass-through stream that verifies a blob while it flows. */
import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { DredgeError } from "../../errors.js";

const algorithms: Record<string, string> = { sha256: "sha256", sha384: "sha384", sha512: "sha512" };

function hasher(digest: string, what: string): { hash: Hash; algorithm: string } {
  const algorithm = digest.split(":")[0] ?? "";
  const node = algorithms[algorithm];
  if (!node) throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${what}: unsupported digest algorithm "${algorithm}"`);
  return { hash: createHash(node), algorithm };
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Digest of `data` with the algorithm of `like` (sha256 by default). */
export function digestOf(data: Buffer, like: string, what: string): string {
  const { hash, algorithm } = hasher(like, what);
  return `${algorithm}:${hash.update(data).digest("hex")}`;
}

export function mismatch(what: string, expected: string, actual: string): DredgeError {
  return new DredgeError("DIGEST_MISMATCH", `${what}: digest mismatch: expected ${expected}, got ${actual}`, {
    hint: "the registry (or something between it and you) served different bytes than the manifest names",
    details: { expected, actual },
  });
}

/** Throws DIGEST_MISMATCH when `data` does not hash to `expected`. */
export function verifyBuffer(data: Buffer, expected: string, what: string): void {
  const actual = digestOf(data, expected, what);
  if (actual !== expected) throw mismatch(what, expected, actual);
}

/**
 * Pass-through that hashes what flows and fails at its end with DIGEST_MISMATCH when the digest or the
 * expected size differs; it fails early when more bytes than `size` arrive.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash;
  private readonly algorithm: string;
  private seen = 0;

  constructor(
    private readonly expected: string,
    private readonly size: number | undefined,
    private readonly what: string,
  ) {
    super();
    const h = hasher(expected, what);
    this.hash = h.hash;
    this.algorithm = h.algorithm;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.size !== undefined && this.seen > this.size) {
      cb(this.sizeError());
      return;
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.size !== undefined && this.seen !== this.size) {
      cb(this.sizeError());
      return;
    }
    const actual = `${this.algorithm}:${this.hash.digest("hex")}`;
    cb(actual === this.expected ? null : mismatch(this.what, this.expected, actual));
  }

  private sizeError(): DredgeError {
    return new DredgeError(
      "DIGEST_MISMATCH",
      `${this.what}: size mismatch: expected ${this.size} bytes, got ${this.seen}${this.seen > (this.size ?? 0) ? " or more" : ""} (digest ${this.expected})`,
      { details: { expected: this.expected, expectedSize: this.size, actualSize: this.seen } },
    );
  }
}
