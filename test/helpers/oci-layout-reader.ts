/**
 * Test-only minimal reader of an OCI image layout: finds a tag in index.json and lists the layer blobs of its
 * manifest (single-platform manifests only). The real source lives in src/image/oci.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseManifest, type Descriptor } from "../../src/image/manifest.js";

export interface LayoutLayer {
  index: number;
  digest: string;
  mediaType?: string;
  size: number;
  /** Path of the blob on disk. */
  file: string;
  /** `layer N (sha256:…)`, as the walker's `where`. */
  where: string;
}

export function blobPath(layoutDir: string, digest: string): string {
  const [alg, hex] = digest.split(":");
  return join(layoutDir, "blobs", alg!, hex!);
}

/** The descriptor of a tag in the layout's index.json (digests of generated images are read, never written down). */
export function layoutDescriptor(layoutDir: string, tag: string): Descriptor {
  const indexFile = join(layoutDir, "index.json");
  const index = parseManifest(readFileSync(indexFile), undefined, indexFile);
  if (index.kind !== "index") throw new Error(`${indexFile}: not an index`);
  const desc = index.index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
  if (!desc) throw new Error(`${layoutDir}: no tag ${tag}`);
  return desc;
}

export function readLayoutLayers(layoutDir: string, tag: string): LayoutLayer[] {
  const desc = layoutDescriptor(layoutDir, tag);
  const manifest = parseManifest(readFileSync(blobPath(layoutDir, desc.digest)), desc.mediaType, `${tag} manifest`);
  if (manifest.kind !== "manifest") throw new Error(`${tag}: is an index, not a manifest`);
  return manifest.manifest.layers.map((l: Descriptor, index: number) => ({
    index,
    digest: l.digest,
    mediaType: l.mediaType,
    size: l.size,
    file: blobPath(layoutDir, l.digest),
    where: `layer ${index} (${l.digest})`,
  }));
}
