#!/usr/bin/env node
// Builds the demo image, an OCI archive, from the fixed contents in demo/data/image (no network, nothing
// from this machine): one layer per entry of demo/data/demo.json, history = its Dockerfile-like line. A
// directory whose name ends in .jar is written as a jar (a stored zip of its files).
// Usage: node scripts/demo-image.mjs [OUT.tar]
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { crc32, gzipSync } from "node:zlib";
import tar from "tar-stream";
import { DEMO_DATA, readDemoManifest } from "./demo-lib.mjs";

/** [path relative to dir, content] of every file under dir, sorted; `*.jar` directories zipped. */
function filesOf(dir, base = dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory() && name.endsWith(".jar")) found.push([relative(base, p), storedZip(filesOf(p))]);
    else if (lstatSync(p).isDirectory()) found.push(...filesOf(p, base));
    else found.push([relative(base, p), readFileSync(p)]);
  }
  return found;
}

const int = (bytes) => (n) => {
  const b = Buffer.alloc(bytes);
  b.writeUIntLE(n >>> 0, 0, bytes);
  return b;
};
const u16 = int(2);
const u32 = int(4);

/** An uncompressed zip: local header + data per file, then the central directory and its end record. */
function storedZip(files) {
  const parts = [];
  const dir = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    // version needed, UTF-8 flag, method 0 (stored), time, date (1980-01-01), crc, sizes, name/extra lengths
    const fields = [u16(20), u16(0x800), u16(0), u16(0), u16(0x21), u32(crc32(data)), u32(data.length), u32(data.length), u16(n.length), u16(0)];
    parts.push(u32(0x04034b50), ...fields, n, data);
    dir.push(u32(0x02014b50), u16(20), ...fields, u16(0), u16(0), u16(0), u32(0), u32(offset), n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(dir);
  return Buffer.concat([...parts, cd, u32(0x06054b50), u16(0), u16(0), u16(files.length), u16(files.length), u32(cd.length), u32(offset), u16(0)]);
}

async function tarOf(entries) {
  const pack = tar.pack();
  const chunks = [];
  pack.on("data", (c) => chunks.push(c));
  const done = new Promise((r) => pack.on("end", r));
  for (const [name, content] of entries) pack.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const sha = (b) => "sha256:" + createHash("sha256").update(b).digest("hex");

/** Writes the demo image to `out`; returns what it holds (for the caller's one-line summary). */
export async function writeDemoImage(out, dataDir = DEMO_DATA) {
  const { image } = readDemoManifest(dataDir);
  const blobs = new Map();
  const addBlob = (b) => (blobs.set(sha(b), b), sha(b));
  const layers = [];
  const history = [];
  let files = 0;
  for (const l of image.layers) {
    const entries = filesOf(join(dataDir, l.dir));
    files += entries.length;
    const plain = await tarOf(entries);
    const gz = gzipSync(plain);
    layers.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: addBlob(gz), size: gz.length, diffId: sha(plain) });
    history.push({ created: image.created, created_by: l.createdBy });
  }
  history.push({ created: image.created, created_by: `CMD ${JSON.stringify(image.cmd)}`, empty_layer: true });
  const config = Buffer.from(JSON.stringify({
    architecture: "amd64", os: "linux", created: image.created,
    config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: image.cmd, WorkingDir: image.workingDir,
      Labels: { "org.opencontainers.image.title": image.title } },
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) }, history,
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: addBlob(config), size: config.length },
    layers: layers.map(({ diffId: _d, ...l }) => l),
  }));
  const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{
    mediaType: "application/vnd.oci.image.manifest.v1+json", digest: addBlob(manifest), size: manifest.length,
    annotations: { "org.opencontainers.image.ref.name": "demo" } }] };
  const archive = await tarOf([
    ["oci-layout", Buffer.from('{"imageLayoutVersion":"1.0.0"}')],
    ["index.json", Buffer.from(JSON.stringify(index))],
    ...[...blobs].map(([d, b]) => [`blobs/sha256/${d.slice(7)}`, b]),
  ]);
  writeFileSync(out, archive);
  return { out, layers: layers.length, files, bytes: archive.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await writeDemoImage(process.argv[2] ?? ".demo/demo.oci-archive.tar");
  console.error(`wrote ${r.out}: ${r.layers} layers, ${r.files} files from demo/data/image, ${r.bytes} bytes`);
}
