/**
 * Opens a layer blob as a tar stream: sniffs the first bytes (gzip 1f 8b, zstd 28 b5 2f fd, else plain tar)
 * and decompresses as a stream. Corrupt or truncated compressed data → DredgeError CORRUPT_LAYER naming
 * the layer; errors of the raw stream that are already DredgeErrors (DIGEST_MISMATCH…) pass through.
 */
import { PassThrough, type Readable, type Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { DredgeError, errorMessage, isDredgeError } from "../errors.js";
import { ZstdDecompressor } from "./zstd.js";

/** Chunk size of decompressed output: large chunks keep the per-chunk cost of the tar parser low. */
export const layerChunkSize = 256 * 1024;

/**
 * Bytes buffered ahead of the tar walk, per layer: the decoder (on libuv's thread pool) and the hashing keep
 * working while the main thread walks and analyses what came before, instead of taking turns with it.
 */
export const layerReadAhead = 4 * 1024 * 1024;

export type LayerCompression = "gzip" | "zstd" | "none";

export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/** The streaming decoder for `kind`; undefined for a plain tar. */
export function decoderFor(kind: LayerCompression): Transform | undefined {
  if (kind === "gzip") return createGunzip({ chunkSize: layerChunkSize });
  if (kind === "zstd") return new ZstdDecompressor(layerChunkSize);
  return undefined;
}

/** `where` names the layer in errors, e.g. `layer 3 (sha256:…)`. */
export function openLayerTar(raw: Readable, where: string): Readable {
  const out = new PassThrough({ highWaterMark: layerChunkSize });
  const head: Buffer[] = [];
  let headLength = 0;
  let started = false;
  let failed = false;
  let decoder: Transform | undefined;

  const fail = (err: unknown, kind: LayerCompression): void => {
    if (failed) return;
    failed = true;
    raw.destroy();
    out.destroy(wrapError(err, kind, where));
  };
  const start = (ended: boolean): void => {
    if (started) return;
    started = true;
    raw.off("data", onData);
    raw.pause();
    const first = Buffer.concat(head);
    const kind = sniffCompression(first);
    decoder = decoderFor(kind);
    const sink = decoder ?? out;
    if (decoder) {
      decoder.on("error", (err) => fail(err, kind));
      decoder.pipe(out);
    }
    if (ended) {
      sink.end(first);
      return;
    }
    if (first.length > 0) sink.write(first);
    raw.pipe(sink);
  };
  const onData = (chunk: Buffer): void => {
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= 4) start(false);
  };
  raw.on("data", onData);
  raw.once("end", () => start(true));
  raw.on("error", (err) => fail(err, "none"));
  raw.once("close", () => {
    if (!raw.readableEnded) fail(new Error("the stream closed before its end"), "none");
  });
  out.once("close", () => {
    if (!raw.destroyed && !raw.readableEnded) raw.destroy();
    if (decoder && !decoder.destroyed) decoder.destroy();
  });
  return out;
}

/** Errors of the raw stream (`none`) or of a decoder, as DredgeErrors naming the layer. */
export function wrapError(err: unknown, kind: LayerCompression, where: string): Error {
  if (isDredgeError(err)) return err;
  if (kind === "none") {
    return new DredgeError("IO_ERROR", `${where}: cannot read the layer: ${errorMessage(err)}`, { cause: err });
  }
  return new DredgeError("CORRUPT_LAYER", `${where}: corrupt or truncated ${kind} data (${errorMessage(err)})`, {
    cause: err,
    hint: "the layer blob is damaged; pull the image again",
  });
}
