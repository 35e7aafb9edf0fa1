/**
 * A small loopback registry serving one "base image" of the bookworm test image: its first `layers` layers
 * (manifest and config only: reading a base image never fetches its layers), under every tag of `tags`, and
 * the tag list. Repositories named in `noTagList` serve the image but answer the tag list with 404.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseManifest } from "../../src/image/manifest.js";
import { testImages } from "./images.js";
import { blobPath, layoutDescriptor } from "./oci-layout-reader.js";
import { startServer, type TestServer } from "./registry-proxy.js";

export interface BaseRegistryOptions {
  repositories: readonly string[];
  tags: readonly string[];
  /** How many of bookworm's layers the base image has. */
  layers: number;
  noTagList?: readonly string[];
}

const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

/** The base image's manifest and config, cut from the bookworm layout (digests computed, never written down). */
function baseImage(layers: number): { manifest: Buffer; config: Buffer; configDigest: string } {
  const dir = testImages().oci;
  const desc = layoutDescriptor(dir, "bookworm");
  const parsed = parseManifest(readFileSync(blobPath(dir, desc.digest)), desc.mediaType, "bookworm manifest");
  if (parsed.kind !== "manifest") throw new Error("bookworm is not a single manifest");
  const full = JSON.parse(readFileSync(blobPath(dir, parsed.manifest.config.digest), "utf8")) as {
    rootfs: { diff_ids: string[] }; history?: { empty_layer?: boolean }[];
  };
  const config = Buffer.from(JSON.stringify({ ...full, rootfs: { type: "layers", diff_ids: full.rootfs.diff_ids.slice(0, layers) }, history: [] }));
  const configDigest = sha256(config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
    layers: parsed.manifest.layers.slice(0, layers),
  }));
  return { manifest, config, configDigest };
}

export async function startBaseRegistry(o: BaseRegistryOptions): Promise<TestServer> {
  const image = baseImage(o.layers);
  const manifestDigest = sha256(image.manifest);
  return startServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://registry").pathname;
    if (path === "/v2/") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\/(.+)$/.exec(path);
    const repo = m?.[1];
    if (!m || !repo || !o.repositories.includes(repo)) return void res.writeHead(404).end();
    const [, , kind, ref] = m;
    const send = (body: Buffer, type: string, headers: Record<string, string> = {}) =>
      res.writeHead(200, { "content-type": type, "content-length": String(body.length), ...headers }).end(req.method === "HEAD" ? undefined : body);
    if (kind === "tags" && ref === "list" && !o.noTagList?.includes(repo)) return void send(Buffer.from(JSON.stringify({ name: repo, tags: o.tags })), "application/json");
    if (kind === "manifests" && (o.tags.includes(ref!) || ref === manifestDigest)) return void send(image.manifest, OCI_MANIFEST, { "docker-content-digest": manifestDigest });
    if (kind === "blobs" && ref === image.configDigest) return void send(image.config, "application/octet-stream");
    res.writeHead(404).end();
  });
}
