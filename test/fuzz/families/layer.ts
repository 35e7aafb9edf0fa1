/**
 * Layer blobs: gzip/zstd framing (openLayerTar) and tar headers (walkLayer), reading every file's content.
 * Seeds are generated tars (no tar fixtures exist) covering PAX, long names, links, whiteouts and devices;
 * mutated tars get their header checksums fixed before compression so mutations reach the header fields.
 */
import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { openLayerTar } from "../../../src/layer/decompress.js";
import { walkLayer } from "../../../src/layer/walk.js";
import type { LayerEvent } from "../../../src/layer/types.js";
import { memoryLogger } from "../../../src/util/log.js";
import { tarBuffer, zstdRawFrame, type TarSpec } from "../../helpers/hostile-tars.js";
import { testImageBlobs } from "../seeds.js";
import type { Encoder, FuzzTarget } from "../target.js";

const where = "layer 1 (sha256:fuzz)";
const limits = { maxLayerBytes: 48 * 1024 * 1024, maxEntries: 20_000 };

const specs: TarSpec[][] = [
  [
    { name: "etc", type: "directory" },
    { name: "etc/os-release", content: 'ID=debian\nVERSION_ID="12"\n' },
    { name: "usr/bin/env", content: "#!/bin/sh\n", mode: 0o4755 },
    { name: "bin", type: "symlink", linkname: "usr/bin" },
    { name: "usr/bin/env2", type: "link", linkname: "usr/bin/env" },
  ],
  [
    { name: `${"long-directory-name/".repeat(8)}file.txt`, content: "x".repeat(700) },
    { name: "pax", content: "y", pax: { path: "pax/ünïcode name", "SCHILY.xattr.user.k": "v" } },
    { name: "a/.wh.deleted", content: "" },
    { name: "b/.wh..wh..opq", content: "" },
    { name: "dev/null", type: "character-device" },
    { name: "fifo", type: "fifo" },
  ],
  [
    { name: "./var/lib/dpkg/status", content: "Package: a\nStatus: install ok installed\nVersion: 1\n\n" },
    { name: "../escape", content: "z" },
    { name: "/abs/path", content: "" },
  ],
];

/** Recomputes the checksum of every block that carries the ustar magic (what a mutated header needs). */
function fixChecksums(tar: Buffer): Buffer {
  const out = Buffer.from(tar);
  for (let at = 0; at + 512 <= out.length; at += 512) {
    if (out.toString("latin1", at + 257, at + 262) !== "ustar") continue;
    out.fill(0x20, at + 148, at + 156);
    let sum = 0;
    for (let i = at; i < at + 512; i++) sum += out[i] ?? 0;
    out.write(`${sum.toString(8).padStart(6, "0").slice(-6)}\0 `, at + 148, "latin1");
  }
  return out;
}

/** A real zstd frame (compressed blocks) when the zstd tool is installed, else stored blocks. */
function zstd(data: Buffer): Buffer {
  try {
    return execFileSync("zstd", ["-q", "-c", "-3"], { input: data, stdio: ["pipe", "pipe", "ignore"] });
  } catch {
    return zstdRawFrame(data);
  }
}

const encoders: Encoder[] = [
  { name: "as is", encode: (b) => b },
  { name: "tar", encode: fixChecksums },
  { name: "tar+gzip", encode: (b) => gzipSync(fixChecksums(b), { level: 1 }) },
  { name: "tar+zstd (stored blocks)", encode: (b) => zstdRawFrame(fixChecksums(b)) },
];

/** Paths the walker yields must be absolute and normalised: no `..`, `.`, empty segment or NUL. */
function unsafePath(p: string): boolean {
  return !p.startsWith("/") || p.includes("\0") || (p !== "/" && p.split("/").slice(1).some((s) => s === "" || s === "." || s === ".."));
}

function eventProblem(ev: LayerEvent): string | undefined {
  const path = ev.kind === "entry" ? ev.info.path : ev.path;
  if (unsafePath(path)) return `unsafe path ${JSON.stringify(path.slice(0, 200))}`;
  if (ev.kind === "entry" && ev.info.type === "hardlink" && unsafePath(ev.info.linkname ?? "")) return `unsafe hard link target`;
  if (ev.kind === "entry" && !(Number.isSafeInteger(ev.info.size) && ev.info.size >= 0)) return `bad size ${ev.info.size}`;
  return undefined;
}

async function walk(input: Buffer): Promise<string[]> {
  const chunks = Array.from({ length: Math.ceil(input.length / 65536) }, (_, i) => input.subarray(i * 65536, (i + 1) * 65536));
  const problems: string[] = [];
  for await (const ev of walkLayer(openLayerTar(Readable.from(chunks), where), { where, logger: memoryLogger(), limits })) {
    const p = eventProblem(ev);
    if (p) problems.push(p);
    if (ev.kind === "entry" && ev.content) for await (const _ of ev.content);
  }
  return problems;
}

const tokens = ["ustar\0", "ustar  \0", "././@LongLink", "path=", "linkpath=", "size=", "30 path=", ".wh.", ".wh..wh..opq", "\x1f\x8b\x08", "\x28\xb5\x2f\xfd"];

async function layerSeeds(compress: (b: Buffer) => Buffer): Promise<Buffer[]> {
  const tars = await Promise.all(specs.map((s) => tarBuffer(s)));
  tars.push(await tarBuffer(specs[0] ?? [], { trailer: false }));
  return tars.map(compress);
}

const common = {
  tokens,
  run: walk,
  where,
  check: (r: unknown) => (r as string[])[0],
  slowMs: 4000,
};

export const layerTargets: FuzzTarget[] = [
  { name: "layer/tar", seeds: () => layerSeeds((b) => b), encoders, ...common },
  {
    name: "layer/gzip",
    // + the small real layers of the test images, when built
    seeds: async () => [...(await layerSeeds((b) => gzipSync(b))), ...testImageBlobs((h) => h[0] === 0x1f && h[1] === 0x8b)],
    ...common,
  },
  { name: "layer/zstd", seeds: () => layerSeeds(zstd), ...common },
];
