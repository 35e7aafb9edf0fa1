/** Image sources for an OCI layout directory (`oci:DIR[:TAG]`) and a tar of one (`oci-archive:FILE[:TAG]`). */
import { resolve as resolvePath } from "node:path";
import type { SourceKind } from "../../model/image.js";
import { indexTarFile, type TarIndex } from "../../util/tar-index.js";
import type { ImageSource, ResolvedImage, ResolveOptions } from "../types.js";
import { dirStore, tarStore, type BlobStore } from "./blobs.js";
import { buildImage, warnPlatform } from "./image.js";
import { CONTAINERD_NAME, chooseManifests, pickRef, readLayoutIndex } from "./layout.js";

export interface OciSourceOptions {
  /** The `org.opencontainers.image.ref.name` to pick; required when the layout holds several images. */
  tag?: string;
}

export function ociLayoutSource(dir: string, options: OciSourceOptions = {}): ImageSource {
  const path = resolvePath(dir);
  return layoutSource("oci-layout", dirStore(path), displayName(path, options.tag), options.tag, async () => undefined);
}

/** An OCI archive read through an existing tar index; the source closes the index. */
export function ociArchiveSource(index: TarIndex, options: OciSourceOptions = {}): ImageSource {
  const name = displayName(resolvePath(index.source), options.tag);
  return layoutSource("oci-archive", tarStore(index), name, options.tag, () => index.close());
}

export async function openOciArchive(
  file: string,
  options: OciSourceOptions & { tmpDir: string; signal?: AbortSignal; maxBytes?: number },
): Promise<ImageSource> {
  const index = await indexTarFile(file, { tmpDir: options.tmpDir, signal: options.signal, maxBytes: options.maxBytes });
  return ociArchiveSource(index, options);
}

function displayName(path: string, tag: string | undefined): string {
  return tag === undefined ? path : `${path}:${tag}`;
}

function layoutSource(
  kind: SourceKind,
  store: BlobStore,
  name: string,
  tag: string | undefined,
  release: () => Promise<void>,
): ImageSource {
  let closed = false;
  return {
    kind,
    name,
    async resolve(options: ResolveOptions): Promise<ResolvedImage[]> {
      const index = await readLayoutIndex(store);
      const top = pickRef(index, tag, store.where);
      const choices = await chooseManifests(store, top, options.platform);
      const containerdName = top.annotations?.[CONTAINERD_NAME];
      const identity = { source: kind, name, repoTags: containerdName ? [containerdName] : [], repoDigests: [] };
      const images: ResolvedImage[] = [];
      for (const choice of choices) images.push(await buildImage(store, choice, identity));
      if (choices.every((c) => c.indexDigest === undefined)) warnPlatform(images, options.platform, options.logger, name);
      options.logger.debug("resolved OCI layout", { image: name, manifests: choices.map((c) => c.manifestDigest) });
      return images;
    },
    async close() {
      if (closed) return;
      closed = true;
      await release();
    },
  };
}
