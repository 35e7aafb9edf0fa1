#!/usr/bin/env node
// Builds a small real OCI image archive from this machine, with no network: layer 1 holds the host's OS
// identity and package database (os-release, dpkg/apk/rpm databases), layer 2 the project's installed npm
// dependencies as an app. Usage: node scripts/demo-image.mjs OUT.tar
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

const out = process.argv[2] ?? ".demo/demo.oci-archive.tar";
const root = new URL("..", import.meta.url).pathname;

function filesUnder(dir, keep = () => true) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) found.push(...filesUnder(p, keep));
    else if (st.isFile() && keep(p)) found.push(p);
  }
  return found;
}

async function tarOf(entries) {
  const pack = tar.pack();
  const chunks = [];
  pack.on("data", (c) => chunks.push(c));
  const done = new Promise((r) => pack.on("end", r));
  for (const [name, content] of entries) pack.entry({ name: name.replace(/^\//, ""), mode: 0o644, mtime: new Date(0) }, content);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const osFiles = ["/etc/os-release", "/usr/lib/os-release", "/etc/debian_version", "/etc/alpine-release", "/etc/redhat-release",
  "/var/lib/dpkg/status", "/lib/apk/db/installed"].filter((p) => existsSync(p) && lstatSync(p).isFile());
osFiles.push(...filesUnder("/var/lib/dpkg/info", (p) => p.endsWith(".list")), ...filesUnder("/var/lib/rpm"));
const appFiles = [["/app/package.json", readFileSync(join(root, "package.json"))]];
for (const p of filesUnder(join(root, "node_modules"), (p) => p.endsWith("/package.json") && !p.includes("/test/"))) {
  appFiles.push(["/app/" + p.slice(root.length), readFileSync(p)]);
}

const sha = (b) => "sha256:" + createHash("sha256").update(b).digest("hex");
const blobs = new Map();
const addBlob = (b) => (blobs.set(sha(b), b), sha(b));
const layers = [];
const history = [];
for (const [files, createdBy] of [
  [osFiles.map((p) => [p, readFileSync(p)]), "COPY host OS identity and package database"],
  [appFiles, "COPY package.json node_modules/ /app/"],
]) {
  const plain = await tarOf(files);
  const gz = gzipSync(plain);
  layers.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: addBlob(gz), size: gz.length, diffId: sha(plain) });
  history.push({ created: "2026-01-01T00:00:00Z", created_by: createdBy });
}
history.push({ created: "2026-01-01T00:00:00Z", created_by: 'CMD ["node"]', empty_layer: true });
const config = Buffer.from(JSON.stringify({
  architecture: "amd64", os: "linux", created: "2026-01-01T00:00:00Z",
  config: { Env: ["PATH=/usr/local/bin:/usr/bin:/bin"], Cmd: ["node"], WorkingDir: "/app", Labels: { "org.opencontainers.image.title": "dredge-demo" } },
  rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) }, history,
}));
const manifest = Buffer.from(JSON.stringify({
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: addBlob(config), size: config.length },
  layers: layers.map(({ diffId: _d, ...l }) => l),
}));
const md = addBlob(manifest);
const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{
  mediaType: "application/vnd.oci.image.manifest.v1+json", digest: md, size: manifest.length,
  annotations: { "org.opencontainers.image.ref.name": "demo" } }] };
const archive = await tarOf([
  ["oci-layout", Buffer.from('{"imageLayoutVersion":"1.0.0"}')],
  ["index.json", Buffer.from(JSON.stringify(index))],
  ...[...blobs].map(([d, b]) => [`blobs/sha256/${d.slice(7)}`, b]),
]);
writeFileSync(out, archive);
console.error(`wrote ${out}: ${osFiles.length} OS files, ${appFiles.length} npm manifests, ${archive.length} bytes`);
