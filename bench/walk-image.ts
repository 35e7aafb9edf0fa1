/** A generated large image for the walk bench: gzip layers of many files, ≥ 1 GB and ≥ 100,000 files in all. */
import { rng } from "./lang-gen.js";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { join } from "node:path";
import { pack, type Pack } from "tar-stream";

export interface LargeImage {
  layers: string[];
  /** Uncompressed bytes of file content. */
  bytes: number;
  files: number;
}

/** Text-like content that compresses about 3:1, as binaries and libraries do. */
function corpus(size: number, next: () => number): Buffer {
  const words = Array.from({ length: 4096 }, (_, i) => `${i.toString(36)}${"abcdefghij".slice(0, 1 + (i % 9))}`);
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const w = words[Math.floor(next() ** 2 * words.length)]!;
    parts.push(w);
    n += w.length + 1;
  }
  return Buffer.from(parts.join(" ").slice(0, size));
}

function addEntry(p: Pack, header: Parameters<Pack["entry"]>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (err?: Error | null) => (err ? reject(err) : resolve());
    if (body) p.entry(header, body, cb);
    else p.entry(header, cb);
  });
}

async function writeLayer(file: string, layer: number, dirs: number, perDir: number, data: Buffer, next: () => number): Promise<{ bytes: number; files: number }> {
  const p = pack();
  const done = pipeline(p as unknown as Readable, createGzip({ level: 1, chunkSize: 1 << 20 }), createWriteStream(file));
  let bytes = 0;
  let files = 0;
  for (let d = 0; d < dirs; d++) {
    const dir = `usr/share/layer${layer}/d${d}`;
    await addEntry(p, { name: `${dir}/`, type: "directory", mode: 0o755 });
    for (let f = 0; f < perDir; f++) {
      const size = Math.floor(next() * 20_480);
      const at = Math.floor(next() * (data.length - size));
      await addEntry(p, { name: `${dir}/f${f}.txt`, size, mode: 0o644 }, data.subarray(at, at + size));
      bytes += size;
      files++;
    }
    if (layer > 0 && d % 10 === 0) await addEntry(p, { name: `usr/share/layer${layer - 1}/d${d}/.wh.f0.txt`, size: 0 }, Buffer.alloc(0));
  }
  p.finalize();
  await done;
  return { bytes, files };
}

export async function buildLargeImage(dir: string, log: (m: string) => void, layers = 4): Promise<LargeImage> {
  const next = rng(20261127);
  const data = corpus(8 * 1024 * 1024, next);
  const image: LargeImage = { layers: [], bytes: 0, files: 0 };
  for (let i = 0; i < layers; i++) {
    const file = join(dir, `layer${i}.tar.gz`);
    const r = await writeLayer(file, i, 250, 102, data, next);
    image.layers.push(file);
    image.bytes += r.bytes;
    image.files += r.files;
    log(`layer ${i}: ${r.files} files, ${Math.round(r.bytes / 1e6)} MB`);
  }
  return image;
}
