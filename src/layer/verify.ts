/**
 * Reads a layer blob to its very end while its tar is walked, and checks every byte: the blob's size and
 * digest against the manifest's descriptor (when the source has one), the uncompressed tar's digest against
 * the config's diff_id, and that nothing follows the compressed stream. Whatever the walk produced may be
 * used or cached only once `readVerifiedLayer` resolved. When the walk fails and the blob does not match its
 * digest either, the digest error wins: random bytes are a DIGEST_MISMATCH, not "not a valid tar".
 */
import type { Readable } from "node:stream";
import { isDredgeError } from "../errors.js";
import { VerifyingReader, type LayerDigests, type LayerExpectation } from "./verifying-reader.js";

export { digestAlgorithm, hashBlob } from "./digests.js";
export type { LayerDigests, LayerExpectation } from "./verifying-reader.js";

/**
 * Walk a layer with `consume` (given the uncompressed tar) and verify the whole blob. Resolves only when the
 * blob was read to its end and every check passed; `where` names the layer in errors.
 */
export async function readVerifiedLayer<T>(
  raw: Readable,
  expect: LayerExpectation,
  where: string,
  consume: (tar: Readable) => Promise<T>,
): Promise<{ value: T; digests: LayerDigests }> {
  const reader = new VerifyingReader(raw, expect, where);
  let value: T;
  try {
    value = await consume(reader.tar);
  } catch (err) {
    if (!isDredgeError(err, "CANCELLED")) throw await reader.failed(err);
    reader.destroy();
    throw err;
  }
  return { value, digests: await reader.finish() };
}
