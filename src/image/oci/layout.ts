/**
 * The OCI image layout: `oci-layout` + `index.json` + `blobs/<alg>/<hex>`. Picks manifests by the
 * `org.opencontainers.image.ref.name` annotation, follows nested indexes (bounded: ../index-walk.ts),
 * selects platforms.
 */
import { z } from "zod";
import { DredgeError, isDredgeError } from "../../errors.js";
import type { Digest } from "../../model/image.js";
import { parseManifest, type Descriptor, type ImageIndex } from "../manifest.js";
import { indexMediaTypes, MediaTypes } from "../media-types.js";
import { selectManifests } from "../platform.js";
import { blobPath, MAX_DOCUMENT, readBlob, type BlobStore } from "./blobs.js";
import type { ManifestChoice } from "./image.js";
import { IndexWalk } from "../index-walk.js";
import { pushAll } from "../../util/array.js";
import { safeParse } from "../../util/schema.js";

export const REF_NAME = "org.opencontainers.image.ref.name";
export const CONTAINERD_NAME = "io.containerd.image.name";

const layoutSchema = z.object({ imageLayoutVersion: z.string() });

/** Check `oci-layout` and read `index.json`. */
export async function readLayoutIndex(store: BlobStore): Promise<ImageIndex> {
  if (!(await store.has("oci-layout"))) {
    throw new DredgeError("INVALID_ARCHIVE", `${store.where} is not an OCI image layout (no oci-layout file)`);
  }
  let layout: unknown;
  try {
    layout = JSON.parse((await store.read("oci-layout", 4096)).toString("utf8"));
  } catch {
    throw new DredgeError("INVALID_ARCHIVE", `${store.where}: oci-layout is not valid JSON`);
  }
  const parsed = safeParse(layoutSchema, layout);
  if (!parsed.success || !parsed.data.imageLayoutVersion.startsWith("1.")) {
    throw new DredgeError("INVALID_ARCHIVE", `${store.where}: unsupported oci-layout ${JSON.stringify(layout)}`, {
      hint: "Dredge reads OCI image layouts of version 1.x",
    });
  }
  if (!(await store.has("index.json"))) {
    throw new DredgeError("INVALID_ARCHIVE", `${store.where}: OCI layout without index.json`);
  }
  const doc = parseManifest(await store.read("index.json", MAX_DOCUMENT), MediaTypes.ociIndex, `${store.where}/index.json`);
  if (doc.kind !== "index") throw new DredgeError("INVALID_MANIFEST", `${store.where}/index.json is not an image index`);
  return doc.index;
}

/** The tag of a descriptor in index.json (ref.name, else containerd's image name). */
export function refName(d: Descriptor): string | undefined {
  return d.annotations?.[REF_NAME] ?? d.annotations?.[CONTAINERD_NAME];
}

/** The index.json entry for `tag`, or the only one. Errors list what there is. */
export function pickRef(index: ImageIndex, tag: string | undefined, where: string): Descriptor {
  const all = index.manifests;
  if (all.length === 0) throw new DredgeError("IMAGE_NOT_FOUND", `${where}: the layout's index.json lists no images`);
  const refs = all.map((d) => refName(d) ?? d.digest);
  if (tag !== undefined) {
    const found = all.find(
      (d) => d.annotations?.[REF_NAME] === tag || d.annotations?.[CONTAINERD_NAME] === tag || d.digest === tag,
    );
    if (found) return found;
    throw new DredgeError("IMAGE_NOT_FOUND", `${where}: no image tagged "${tag}"`, { hint: `the layout has: ${refs.join(", ")}` });
  }
  if (all.length === 1) return all[0]!;
  throw new DredgeError("USAGE", `${where} holds ${all.length} images; say which one`, {
    hint: `append :TAG to the target, one of: ${refs.join(", ")}`,
  });
}

/** Follow a descriptor down to image manifests, choosing platforms at each index (each digest once, bounded). */
export async function chooseManifests(
  store: BlobStore,
  top: Descriptor,
  platform: string | undefined,
): Promise<ManifestChoice[]> {
  const name = refName(top);
  const walk = new IndexWalk(name === undefined ? store.where : `${store.where}:${name}`);
  return follow({ store, platform, walk }, top, { ...(top.annotations ?? {}) }, undefined, 0);
}

interface Follow {
  store: BlobStore;
  platform: string | undefined;
  walk: IndexWalk;
}

async function follow(
  o: Follow,
  d: Descriptor,
  annotations: Record<string, string>,
  indexDigest: Digest | undefined,
  depth: number,
): Promise<ManifestChoice[]> {
  if (!o.walk.enter(d.digest, depth)) return [];
  const where = `${o.store.where}: ${d.digest}`;
  const doc = parseManifest(await readBlob(o.store, d.digest, "manifest"), d.mediaType, where);
  if (doc.kind === "manifest") return [{ manifest: doc.manifest, manifestDigest: d.digest, indexDigest, annotations }];
  const nested = doc.index.manifests.filter((c) => c.mediaType !== undefined && indexMediaTypes.includes(c.mediaType));
  const images = doc.index.manifests.filter((c) => !nested.includes(c));
  const chosen = nested.length > 0 && images.length === 0 ? nested : selectManifests(images, o.platform, where);
  const out: ManifestChoice[] = [];
  let firstError: unknown;
  for (const child of chosen) {
    const merged = { ...annotations, ...(doc.index.annotations ?? {}), ...(child.annotations ?? {}) };
    try {
      pushAll(out, await follow(o, child, merged, d.digest, depth + 1));
    } catch (err) {
      // an index of indexes: a platform missing from one of them is fine if another has it
      if (chosen.length === 1 || !isDredgeError(err, "PLATFORM_NOT_FOUND")) throw err;
      firstError ??= err;
    }
  }
  if (out.length === 0 && firstError) throw firstError;
  return out;
}

/**
 * The manifest (under `d`) whose config is `configDigest`, or undefined. Blobs that are absent are
 * skipped: docker save with the containerd store lists every platform but exports only the present ones.
 */
export async function findByConfig(store: BlobStore, d: Descriptor, configDigest: Digest): Promise<ManifestChoice | undefined> {
  return findIn({ store, configDigest, walk: new IndexWalk(store.where) }, d, { ...(d.annotations ?? {}) }, undefined, 0);
}

async function findIn(
  o: { store: BlobStore; configDigest: Digest; walk: IndexWalk },
  d: Descriptor,
  annotations: Record<string, string>,
  indexDigest: Digest | undefined,
  depth: number,
): Promise<ManifestChoice | undefined> {
  if (!(await o.store.has(blobPath(d.digest, o.store.where))) || !o.walk.enter(d.digest, depth)) return undefined;
  let doc;
  try {
    doc = parseManifest(await readBlob(o.store, d.digest, "manifest"), d.mediaType, `${o.store.where}: ${d.digest}`);
  } catch (err) {
    if (isDredgeError(err, "UNSUPPORTED_MEDIA_TYPE") || isDredgeError(err, "UNSUPPORTED_MANIFEST")) return undefined;
    throw err;
  }
  if (doc.kind === "manifest") {
    if (doc.manifest.config.digest !== o.configDigest) return undefined;
    return { manifest: doc.manifest, manifestDigest: d.digest, indexDigest, annotations };
  }
  for (const child of doc.index.manifests) {
    const merged = { ...annotations, ...(doc.index.annotations ?? {}), ...(child.annotations ?? {}) };
    const found = await findIn(o, child, merged, d.digest, depth + 1);
    if (found) return found;
  }
  return undefined;
}
