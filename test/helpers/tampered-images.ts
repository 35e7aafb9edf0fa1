/**
 * Small generated images whose bytes can be swapped, for the verification tests: the parts of an image
 * (layer tars and blobs, config, manifest), a way to serve other bytes under a layer's genuine digest, and
 * writers for every source (OCI layout directory and archive, classic docker archive with plain or gzip
 * layers, a loopback registry). A config may claim diff_ids of its choice (a lying config).
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serveLoopback, type LoopbackServer } from "./loopback.js";
import { layerTar, packTar, type LayerEntry } from "./oci-writer.js";

export interface ImageParts {
  /** Uncompressed layer tars. */
  tars: Buffer[];
  /** Layer blobs as the manifest names them (gzip). */
  blobs: Buffer[];
  layerDigests: string[];
  /** The diff_ids the config claims. */
  diffIds: string[];
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
}

export const sha256 = (b: Buffer): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const hex = (digest: string): string => digest.slice("sha256:".length);
const MTIME = new Date(1_700_000_000_000);

/** A Debian layer whose dpkg status lists `packages` (name 1.0 each). */
export function debianLayer(packages: readonly string[]): LayerEntry[] {
  const status = packages.map((p) => `Package: ${p}\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n`).join("\n");
  return [
    { path: "etc/os-release", content: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
    { path: "var/lib/dpkg/status", content: status },
  ];
}

/** An image of one layer per entry list; `diffIds` overrides what the config claims. */
export async function imageParts(layers: readonly LayerEntry[][], opts: { diffIds?: string[] } = {}): Promise<ImageParts> {
  const tars = await Promise.all(layers.map((entries) => layerTar({ entries })));
  const blobs = tars.map((t) => gzipSync(t));
  const diffIds = opts.diffIds ?? tars.map(sha256);
  const config = Buffer.from(JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: {},
    rootfs: { type: "layers", diff_ids: diffIds },
    history: tars.map((_, i) => ({ created_by: `COPY layer${i} /` })),
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
    layers: blobs.map((b) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(b), size: b.length })),
  }));
  return { tars, blobs, layerDigests: blobs.map(sha256), diffIds, config, configDigest: sha256(config), manifest, manifestDigest: sha256(manifest) };
}

/** Bytes served for blobs, by digest, in place of the genuine ones. */
export type Served = ReadonlyMap<string, Buffer>;

/** The issue #22 attack: gzip(tar(a fake dpkg status)) padded with zeros to the genuine blob's size. */
export async function fakePadded(genuine: Buffer, fakePackages: readonly string[]): Promise<Buffer> {
  const fake = gzipSync(await layerTar({ entries: debianLayer(fakePackages) }));
  if (fake.length > genuine.length) throw new Error("the fake layer is larger than the genuine one");
  return Buffer.concat([fake, Buffer.alloc(genuine.length - fake.length)]);
}

/** Every blob of the image (config and layers), with `served` swapped in. */
function blobFiles(parts: ImageParts, served: Served): [string, Buffer][] {
  const all: [string, Buffer][] = [[parts.configDigest, parts.config], [parts.manifestDigest, parts.manifest]];
  parts.blobs.forEach((b, i) => all.push([parts.layerDigests[i]!, b]));
  return all.map(([d, b]) => [`blobs/sha256/${hex(d)}`, served.get(d) ?? b]);
}

function layoutFiles(parts: ImageParts, served: Served): [string, Buffer][] {
  const index = {
    schemaVersion: 2,
    manifests: [{
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: parts.manifestDigest,
      size: parts.manifest.length,
      annotations: { "org.opencontainers.image.ref.name": "latest" },
    }],
  };
  return [["oci-layout", Buffer.from('{"imageLayoutVersion":"1.0.0"}')], ["index.json", Buffer.from(JSON.stringify(index))], ...blobFiles(parts, served)];
}

export async function writeLayoutDir(dir: string, parts: ImageParts, served: Served = new Map()): Promise<void> {
  await mkdir(join(dir, "blobs", "sha256"), { recursive: true });
  for (const [name, body] of layoutFiles(parts, served)) await writeFile(join(dir, name), body);
}

export async function writeLayoutArchive(file: string, parts: ImageParts, served: Served = new Map()): Promise<void> {
  await writeFile(file, await tarOf(layoutFiles(parts, served)));
}

/**
 * A classic `docker save` archive: `<config hex>.json` and `<i>/layer.tar`, holding the plain tars or, with
 * `gzipLayers`, the gzip blobs (as skopeo writes them); `served` replaces a layer by its blob digest.
 */
export async function writeClassicArchive(file: string, parts: ImageParts, opts: { gzipLayers?: boolean; served?: Served } = {}): Promise<void> {
  const served = opts.served ?? new Map<string, Buffer>();
  const layers = parts.blobs.map((b, i) => served.get(parts.layerDigests[i]!) ?? (opts.gzipLayers ? b : parts.tars[i]!));
  const manifest = [{ Config: `${hex(parts.configDigest)}.json`, RepoTags: ["tampered:latest"], Layers: layers.map((_, i) => `${i}/layer.tar`) }];
  await writeFile(file, await tarOf([
    ["manifest.json", Buffer.from(JSON.stringify(manifest))],
    [`${hex(parts.configDigest)}.json`, parts.config],
    ...layers.map((l, i): [string, Buffer] => [`${i}/layer.tar`, l]),
  ]));
}

/** A registry on 127.0.0.1 serving the image as `REPO:latest`, with `served` swapped in. */
export function serveImage(repo: string, parts: ImageParts, served: Served = new Map()): Promise<LoopbackServer> {
  const blobs = new Map(blobFiles(parts, served).map(([name, body]) => [`sha256:${name.split("/")[2]}`, body]));
  return serveLoopback((u) => {
    if (u.pathname === "/v2/") return { body: "{}", type: "application/json" };
    if (u.pathname === `/v2/${repo}/manifests/latest` || u.pathname === `/v2/${repo}/manifests/${parts.manifestDigest}`) {
      return { body: parts.manifest, type: "application/vnd.oci.image.manifest.v1+json" };
    }
    const m = new RegExp(`^/v2/${repo}/blobs/(sha256:[a-f0-9]{64})$`).exec(u.pathname);
    const body = m ? blobs.get(m[1]!) : undefined;
    return body ? { body, type: "application/octet-stream" } : undefined;
  });
}

function tarOf(files: readonly [string, Buffer][]): Promise<Buffer> {
  return packTar(files.map(([name, body]) => ({ header: { name, type: "file", mode: 0o644, size: body.length, mtime: MTIME }, body })));
}
