/** Test helpers: build and rewrite small tar archives (used by the image source tests only). */
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tarStream from "tar-stream";
import type { ImageSource, ResolvedImage } from "../types.js";
import { silentLogger } from "../../util/log.js";
import { defaultWalkLimits } from "../../layer/types.js";
import { readVerifiedLayer } from "../../layer/verify.js";

export interface TarMember {
  name: string;
  data?: Buffer | string;
  type?: "file" | "directory" | "symlink";
  linkname?: string;
}

/** Write a tar of `members` to `file`. */
export async function writeTar(file: string, members: readonly TarMember[]): Promise<void> {
  const pack = tarStream.pack();
  const done = pipeline(pack, createWriteStream(file));
  for (const m of members) {
    const data = m.data === undefined ? undefined : Buffer.from(m.data);
    await new Promise<void>((resolve, reject) => {
      const header = { name: m.name, type: m.type ?? "file", linkname: m.linkname, size: data?.length ?? 0 };
      pack.entry(header, data ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
}

/** Every member of a (small) tar, with content. */
export async function readTar(file: string): Promise<TarMember[]> {
  const out: TarMember[] = [];
  const extract = tarStream.extract();
  extract.on("entry", (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => chunks.push(c as Buffer));
    stream.on("end", () => {
      const type = h.type === "symlink" ? "symlink" : h.type === "directory" ? "directory" : "file";
      out.push({ name: h.name, type, linkname: h.linkname ?? undefined, data: Buffer.concat(chunks) });
      next();
    });
  });
  await pipeline(createReadStream(file), extract);
  return out;
}

export async function gzipFile(src: string, dst: string): Promise<void> {
  await pipeline(createReadStream(src), createGzip({ level: 1 }), createWriteStream(dst));
}

/** Resolve with a silent logger. */
export async function resolveAll(source: ImageSource, platform?: string): Promise<ResolvedImage[]> {
  return source.resolve({ logger: silentLogger, platform });
}

/** Read every layer of an image to its end, verified as the analysis does; returns the blob sizes. */
export async function drainLayers(image: ResolvedImage): Promise<number[]> {
  const sizes: number[] = [];
  for (const layer of image.metadata.layers) {
    const raw = await image.openLayer(layer);
    let n = 0;
    raw.on("data", (chunk: Buffer) => (n += chunk.length));
    const expect = { digest: layer.digest, size: layer.size, diffId: layer.diffId, maxBytes: defaultWalkLimits.maxLayerBytes };
    await readVerifiedLayer(raw, expect, `${image.metadata.name}: layer ${layer.index + 1}`, async (tar) => {
      for await (const _ of tar) void _;
    });
    sizes.push(n);
  }
  return sizes;
}
