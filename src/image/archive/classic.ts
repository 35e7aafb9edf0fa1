/**
 * The classic `docker save` layout: `<id>.json` config, `<id>/layer.tar` (often symlinks to `<sha>.tar`).
 * There is no manifest: a layer's digest is its diff_id (plain tars) or the one manifest.json's LayerSources
 * give (compressed layers), and readVerifiedLayer checks the bytes against it and the diff_id.
 */
import type { Readable } from "node:stream";
import { DredgeError } from "../../errors.js";
import type { LayerRef } from "../../model/image.js";
import { sniffBytes, type TarEntry, type TarIndex } from "../../util/tar-index.js";
import { buildLayerRefs, parseImageConfig } from "../config.js";
import { MediaTypes } from "../media-types.js";
import { checkDigest, digestOf, MAX_DOCUMENT } from "../oci/blobs.js";
import { platformOf, type ImageIdentity } from "../oci/image.js";
import type { ResolvedImage } from "../types.js";
import type { ArchiveEntry } from "./manifest-json.js";

interface LayerBlob {
  entry: TarEntry;
  digest?: string;
  size: number;
  mediaType: string;
}

export async function buildClassicImage(index: TarIndex, entry: ArchiveEntry, id: ImageIdentity): Promise<ResolvedImage> {
  const where = index.source;
  const bytes = await index.read(entry.Config, MAX_DOCUMENT);
  const configDigest = digestOf(bytes);
  const named = /([a-f0-9]{64})(?:\.json)?$/.exec(entry.Config);
  if (named) checkDigest(bytes, `sha256:${named[1]}`, `${where}: config ${entry.Config}`);
  const { config, raw } = parseImageConfig(bytes, `${where}: ${entry.Config}`);
  if (entry.Layers.length !== config.diffIds.length) {
    throw new DredgeError(
      "INVALID_ARCHIVE",
      `${where}: manifest.json lists ${entry.Layers.length} layers but the config has ${config.diffIds.length} diff_ids`,
    );
  }
  const blobs: LayerBlob[] = [];
  for (const [i, path] of entry.Layers.entries()) {
    blobs.push(await layerBlob(index, entry, path, config.diffIds[i]!));
  }
  const layers = buildLayerRefs(config, blobs, `${where}: manifest.json`);
  return {
    metadata: {
      ...id,
      configDigest,
      platform: platformOf(config.os, config.architecture, config.variant, raw),
      annotations: {},
      config,
      rawConfig: raw,
      layers,
    },
    openLayer: async (layer) => openClassicLayer(index, blobs, layer),
    layerLocation: (layer) => {
      const e = index.compression ? undefined : blobs[layer.index]?.entry;
      return e && { file: index.file, offset: e.offset, size: e.size };
    },
  };
}

async function layerBlob(index: TarIndex, entry: ArchiveEntry, path: string, diffId: string): Promise<LayerBlob> {
  const e = index.lookup(path);
  if (!e) {
    throw new DredgeError("INVALID_ARCHIVE", `${index.source}: layer ${path} listed in manifest.json is missing from the archive`);
  }
  const kind = sniffBytes(await index.peek(e, 512));
  if (kind !== "gzip" && kind !== "zstd") {
    return { entry: e, digest: diffId, size: e.size, mediaType: MediaTypes.dockerLayerTar };
  }
  // a compressed layer (skopeo, foreign layers): its digest is only known from LayerSources
  const src = entry.LayerSources?.[diffId];
  const mediaType = kind === "gzip" ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerZstd;
  return { entry: e, digest: src && src.size === e.size ? src.digest : undefined, size: e.size, mediaType };
}

function openClassicLayer(index: TarIndex, blobs: readonly LayerBlob[], layer: LayerRef): Readable {
  const blob = blobs[layer.index];
  if (!blob) throw new DredgeError("INTERNAL", `${index.source}: no layer ${layer.index} in this image`);
  return index.open(blob.entry);
}
