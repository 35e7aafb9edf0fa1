/** Digests of layer blobs: the algorithms Dredge verifies, hashing a whole blob, size errors. */
import type { Readable } from "node:stream";
import { DredgeError } from "../errors.js";
import type { Digest } from "../model/image.js";
import { streamHash } from "../util/stream-hash.js";

const hexLength = new Map([["sha256", 64], ["sha384", 96], ["sha512", 128]]);

/** The hash algorithm of `digest`; INVALID_MANIFEST when it is not a digest Dredge can verify. */
export function digestAlgorithm(digest: Digest, where: string): string {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(digest);
  if (!m || hexLength.get(m[1]!) !== m[2]!.length) {
    throw new DredgeError("INVALID_MANIFEST", `${where}: "${digest}" is not a digest Dredge can verify`, {
      hint: "digests are sha256:, sha384: or sha512: followed by lower-case hex",
    });
  }
  return m[1]!;
}

/** Hash a whole blob (a local file a cache hit rests on) with the algorithm of `like`; `size` bounds the read. */
export async function hashBlob(raw: Readable, like: Digest | undefined, size: number | undefined, where: string): Promise<Digest> {
  const algorithm = like === undefined ? "sha256" : digestAlgorithm(like, where);
  // A large blob hashes on the worker thread (util/stream-hash.ts): the layers of a warm rescan at once.
  const hash = streamHash(algorithm, size);
  let n = 0;
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (size !== undefined && n > size) throw sizeError(where, size, n);
      hash.update(chunk);
      if (hash.congested) await new Promise<void>((resume) => hash.whenDrained(resume));
    }
    if (size !== undefined && n !== size) throw sizeError(where, size, n);
  } catch (err) {
    hash.dispose();
    throw err;
  } finally {
    raw.destroy();
  }
  return `${algorithm}:${await hash.digest()}`;
}

export function sizeError(where: string, size: number, seen: number): DredgeError {
  return new DredgeError("DIGEST_MISMATCH", `${where}: size mismatch: the manifest says ${size} bytes, the blob has ${seen}${seen > size ? " or more" : ""}`, {
    hint: "the source served different bytes than the image names; the image is corrupt or was tampered with",
    details: { layer: where, expectedSize: size, actualSize: seen },
  });
}
