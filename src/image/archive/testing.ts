/** Test helpers: build and rewrite small tar archives (used by the image source tests only). */
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tarStream from "tar-stream";
import type { ImageSource, ResolvedImage } from "../types.js";
import { silentLogger } from "../../util/log.js";

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

/** Read every layer of an image to its end (verifying digests); returns the byte counts. */
export async function drainLayers(image: ResolvedImage): Promise<number[]> {
  const sizes: number[] = [];
  for (const layer of image.metadata.layers) {
    let n = 0;
    for await (const chunk of (await image.openLayer(layer)) as AsyncIterable<Buffer>) n += chunk.length;
    sizes.push(n);
  }
  return sizes;
}
