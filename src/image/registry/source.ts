/** The registry image source: resolve a reference to one image per chosen platform, layers streamed. */
import type { Readable } from "node:stream";
import { DredgeError, isDredgeError } from "../../errors.js";
import type { LayerRef } from "../../model/image.js";
import { buildLayerRefs, parseImageConfig } from "../config.js";
import type { Descriptor, ImageManifest } from "../manifest.js";
import { MediaTypes } from "../media-types.js";
import { IndexWalk } from "../index-walk.js";
import { formatPlatform, parsePlatform, platformMatches, selectManifests } from "../platform.js";
import { parseReference, repositoryName, type ImageReference } from "../reference.js";
import type { ImageSource, ResolvedImage, ResolveOptions } from "../types.js";
import { RegistryClient, type FetchedManifest, type RegistryClientOptions } from "./client.js";

const MAX_CONFIG = 8 * 1024 * 1024;
const imageConfigTypes: readonly string[] = [MediaTypes.ociConfig, MediaTypes.dockerConfig];

export type RegistrySourceOptions = Omit<RegistryClientOptions, "registry">;

export function registrySource(reference: string, options: RegistrySourceOptions): ImageSource {
  const ref = parseReference(reference);
  const client = new RegistryClient({ ...options, registry: ref.registry });
  return {
    kind: "registry",
    name: ref.normalized,
    resolve: (opts) => resolveImages(client, ref, opts),
    close: () => client.close(),
  };
}

async function resolveImages(client: RegistryClient, ref: ImageReference, opts: ResolveOptions): Promise<ResolvedImage[]> {
  const signal = opts.signal;
  const top = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest", { signal });
  if (top.parsed.kind === "manifest") {
    const image = await buildImage(client, ref, top, undefined, undefined, opts);
    warnPlatform(image, opts);
    return [image];
  }
  const chosen = selectManifests(top.parsed.index.manifests, opts.platform, ref.normalized);
  // Each manifest once, and not more of them than a real multi-platform image lists (checked before fetching).
  const walk = new IndexWalk(ref.normalized);
  walk.enter(top.digest, 0);
  const unique = chosen.filter((desc) => walk.enter(desc.digest, 1));
  const images: ResolvedImage[] = [];
  for (const desc of unique) {
    const m = await client.getManifest(ref.repository, desc.digest, { signal });
    if (m.parsed.kind !== "manifest") {
      throw new DredgeError("UNSUPPORTED_MANIFEST", `${ref.normalized}: index entry ${desc.digest} is itself an index`);
    }
    images.push(await buildImage(client, ref, m, top.digest, desc, opts));
  }
  return images;
}

function warnPlatform(image: ResolvedImage, opts: ResolveOptions): void {
  if (!opts.platform || opts.platform === "all") return;
  const want = parsePlatform(opts.platform);
  if (!platformMatches(want, image.metadata.platform)) {
    opts.logger.warn("image is not an index and its platform differs from the one asked for", {
      image: image.metadata.name,
      wanted: formatPlatform(want),
      platform: formatPlatform(image.metadata.platform),
    });
  }
}

async function buildImage(
  client: RegistryClient,
  ref: ImageReference,
  m: FetchedManifest,
  indexDigest: string | undefined,
  desc: Descriptor | undefined,
  opts: ResolveOptions,
): Promise<ResolvedImage> {
  if (m.parsed.kind !== "manifest") throw new Error("unreachable: buildImage needs an image manifest");
  const manifest = m.parsed.manifest;
  const configType = manifest.config.mediaType;
  if (configType && !imageConfigTypes.includes(configType)) {
    throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${ref.normalized} (${m.digest}) is not a container image: config type ${configType}`, {
      hint: "this looks like an OCI artifact (signature, SBOM, chart…), not an image to scan",
    });
  }
  const where = `${ref.normalized} config ${manifest.config.digest}`;
  const configBytes = await client.getBlob(ref.repository, manifest.config.digest, MAX_CONFIG, { signal: opts.signal });
  const { config, raw } = parseImageConfig(configBytes, where);
  const layers = buildLayerRefs(
    config,
    manifest.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    where,
  );
  const repo = repositoryName(ref);
  const platform = config.variant
    ? { os: config.os, architecture: config.architecture, variant: config.variant }
    : { os: config.os, architecture: config.architecture };
  const metadata = {
    source: "registry" as const,
    name: ref.normalized,
    repoTags: ref.tag ? [`${repo}:${ref.tag}`] : [],
    repoDigests: [`${repo}@${indexDigest ?? m.digest}`],
    manifestDigest: m.digest,
    ...(indexDigest ? { indexDigest } : {}),
    configDigest: manifest.config.digest,
    platform,
    annotations: { ...desc?.annotations, ...manifest.annotations },
    config,
    rawConfig: raw,
    layers,
  };
  return { metadata, openLayer: (layer) => openLayer(client, ref, manifest, layer, opts), layerTrust: "manifest" };
}

async function openLayer(
  client: RegistryClient,
  ref: ImageReference,
  manifest: ImageManifest,
  layer: LayerRef,
  opts: ResolveOptions,
): Promise<Readable> {
  const desc = manifest.layers.find((l) => l.digest === layer.digest) ?? manifest.layers[layer.index];
  if (!desc) throw new DredgeError("INVALID_MANIFEST", `${ref.normalized}: no layer ${layer.digest ?? layer.index} in the manifest`);
  try {
    return await client.openBlob(ref.repository, desc.digest, desc.size, { signal: opts.signal });
  } catch (err) {
    if (desc.urls?.length && isDredgeError(err, "IMAGE_NOT_FOUND")) {
      throw new DredgeError(
        "IMAGE_NOT_FOUND",
        `${ref.normalized}: layer ${desc.digest} is a foreign (non-distributable) layer hosted outside the registry at ${desc.urls.join(", ")}; Dredge only fetches layers from the registry itself`,
        { hint: "scan the image from a docker archive or the engine instead, or mirror the foreign layer into the registry", cause: err },
      );
    }
    throw err;
  }
}
