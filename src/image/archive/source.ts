/**
 * `docker save` archives (plain or gzipped): the classic layout and the Docker ≥ 25 layout (an OCI
 * layout plus manifest.json). Several images in one archive are told apart by tag.
 */
import { resolve as resolvePath } from "node:path";
import type { SourceKind } from "../../model/image.js";
import { indexTarFile, type TarIndex } from "../../util/tar-index.js";
import { MAX_DOCUMENT, tarStore } from "../oci/blobs.js";
import { buildImage, warnPlatform, type ImageIdentity } from "../oci/image.js";
import { findByConfig, readLayoutIndex } from "../oci/layout.js";
import type { ImageSource, ResolvedImage, ResolveOptions } from "../types.js";
import { buildClassicImage } from "./classic.js";
import { parseManifestJson, pickArchiveEntry, type ArchiveEntry } from "./manifest-json.js";

export interface DockerArchiveOptions {
  /** `repo:tag` to pick when the archive holds several images. */
  tag?: string;
  /** Overrides for the engine source, which reads the engine's export through this reader. */
  source?: SourceKind;
  name?: string;
  repoTags?: string[];
  repoDigests?: string[];
}

/** A docker archive read through an existing tar index; the source closes the index. */
export function dockerArchiveSource(index: TarIndex, options: DockerArchiveOptions = {}): ImageSource {
  const path = resolvePath(index.source);
  const name = options.name ?? (options.tag === undefined ? path : `${path}:${options.tag}`);
  const kind = options.source ?? "docker-archive";
  return {
    kind,
    name,
    async resolve(opts: ResolveOptions): Promise<ResolvedImage[]> {
      const entries = parseManifestJson(await index.read("manifest.json", MAX_DOCUMENT), index.source);
      const entry = pickArchiveEntry(entries, options.tag, index.source);
      const id: ImageIdentity = { source: kind, name, repoTags: options.repoTags ?? entry.RepoTags ?? [], repoDigests: options.repoDigests ?? [] };
      const image = (await fromOciLayout(index, entry, id, opts)) ?? (await buildClassicImage(index, entry, id));
      warnPlatform([image], opts.platform, opts.logger, name);
      opts.logger.debug("resolved docker archive", { image: name, config: image.metadata.configDigest });
      return [image];
    },
    close: () => index.close(),
  };
}

export async function openDockerArchive(
  file: string,
  options: DockerArchiveOptions & { tmpDir: string; signal?: AbortSignal; maxBytes?: number },
): Promise<ImageSource> {
  const index = await indexTarFile(file, { tmpDir: options.tmpDir, signal: options.signal, maxBytes: options.maxBytes });
  return dockerArchiveSource(index, options);
}

/** Docker ≥ 25 writes an OCI layout too: use its manifest (digests, annotations) when it has this image. */
async function fromOciLayout(
  index: TarIndex,
  entry: ArchiveEntry,
  id: ImageIdentity,
  opts: ResolveOptions,
): Promise<ResolvedImage | undefined> {
  if (!index.lookup("oci-layout") || !index.lookup("index.json")) return undefined;
  const m = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(entry.Config);
  if (!m) return undefined;
  const configDigest = `${m[1]}:${m[2]}`;
  const store = tarStore(index);
  const layoutIndex = await readLayoutIndex(store);
  for (const d of layoutIndex.manifests) {
    const choice = await findByConfig(store, d, configDigest);
    if (choice) return buildImage(store, choice, id);
  }
  opts.logger.debug("docker archive: manifest.json image not in index.json, reading the classic way", {
    archive: index.source,
    config: configDigest,
  });
  return undefined;
}
