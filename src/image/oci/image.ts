/** One image (manifest + config + layer blobs) read from a BlobStore: shared by OCI layouts and docker save ≥ 25. */
import type { Readable } from "node:stream";
import { DredgeError } from "../../errors.js";
import type { Digest, ImageMetadata, LayerRef, Platform, SourceKind } from "../../model/image.js";
import type { Logger } from "../../util/log.js";
import { parseImageConfig, buildLayerRefs } from "../config.js";
import type { ImageManifest } from "../manifest.js";
import { MediaTypes } from "../media-types.js";
import { formatPlatform, parsePlatform, platformMatches } from "../platform.js";
import type { ResolvedImage } from "../types.js";
import { blobPath, readBlob, type BlobStore } from "./blobs.js";

/** A manifest chosen from a layout's index, with where it came from. */
export interface ManifestChoice {
  manifest: ImageManifest;
  manifestDigest: Digest;
  /** The index the manifest was picked from by platform, if any. */
  indexDigest?: Digest;
  /** Descriptor annotations along the way, then the manifest's own (later wins). */
  annotations: Record<string, string>;
}

export interface ImageIdentity {
  source: SourceKind;
  name: string;
  repoTags: string[];
  repoDigests: string[];
}

const configTypes: readonly (string | undefined)[] = [MediaTypes.ociConfig, MediaTypes.dockerConfig, undefined];

export async function buildImage(store: BlobStore, choice: ManifestChoice, id: ImageIdentity): Promise<ResolvedImage> {
  const m = choice.manifest;
  const where = `${store.where}: manifest ${choice.manifestDigest}`;
  if (!configTypes.includes(m.config.mediaType)) {
    throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${where} is not a container image (config type ${m.config.mediaType})`, {
      hint: "pick an image manifest (signatures, attestations and other artifacts cannot be scanned)",
    });
  }
  const bytes = await readBlob(store, m.config.digest, "image config");
  const { config, raw } = parseImageConfig(bytes, `${store.where}: config ${m.config.digest}`);
  const layers = buildLayerRefs(
    config,
    m.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    where,
  );
  const metadata: ImageMetadata = {
    ...id,
    manifestDigest: choice.manifestDigest,
    indexDigest: choice.indexDigest,
    configDigest: m.config.digest,
    platform: platformOf(config.os, config.architecture, config.variant, raw),
    annotations: { ...choice.annotations, ...(m.annotations ?? {}) },
    config,
    rawConfig: raw,
    layers,
  };
  return {
    metadata,
    openLayer: (layer) => openStoreLayer(store, layer),
    layerLocation: (layer) => (layer.digest && store.locate ? store.locate(blobPath(layer.digest, store.where)) : undefined),
  };
}

export function platformOf(os: string, architecture: string, variant: string | undefined, raw: unknown): Platform {
  const p: Platform = { os, architecture };
  if (variant) p.variant = variant;
  const osVersion = (raw as Record<string, unknown> | null)?.["os.version"];
  if (typeof osVersion === "string" && osVersion) p["os.version"] = osVersion;
  return p;
}

/**
 * Open a layer blob by its digest. Its size is checked here; its digest and diff_id by whoever reads it
 * (readVerifiedLayer: the analysis hashes every layer once, so this stream does not hash it again).
 */
export async function openStoreLayer(store: BlobStore, layer: LayerRef): Promise<Readable> {
  if (!layer.digest) throw new DredgeError("INTERNAL", `${store.where}: layer ${layer.index} has no digest`);
  const what = `${store.where}: layer ${layer.index} (${layer.digest})`;
  const path = blobPath(layer.digest, what);
  const blob = await store.open(path);
  if (!blob) throw new DredgeError("INVALID_ARCHIVE", `${what} is missing (${path})`);
  if (layer.size !== undefined && blob.size !== layer.size) {
    throw new DredgeError("DIGEST_MISMATCH", `${what}: blob is ${blob.size} bytes, the manifest says ${layer.size}`, {
      hint: "the image is corrupt or was modified; re-export or re-pull it",
    });
  }
  return blob.stream();
}

/** A single-platform source asked for another platform: say so, but scan what there is. */
export function warnPlatform(images: readonly ResolvedImage[], wanted: string | undefined, logger: Logger, where: string): void {
  if (!wanted || wanted === "all") return;
  const want = parsePlatform(wanted);
  for (const img of images) {
    if (!platformMatches(want, img.metadata.platform)) {
      logger.warn("image platform differs from the requested platform", {
        image: where,
        requested: formatPlatform(want),
        actual: formatPlatform(img.metadata.platform),
      });
    }
  }
}
