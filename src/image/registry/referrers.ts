/**
 * OCI 1.1 referrers (distribution-spec v1.1 "Listing Referrers", image-spec "subject"): artifacts pushed as
 * image manifests whose `subject` is an image, found again through `GET /v2/<name>/referrers/<digest>`, or —
 * on registries without that API — through the referrers tag schema: an image index tagged `sha256-<hex>`
 * that the pushing client keeps up to date.
 */
import { DredgeError, isDredgeError } from "../../errors.js";
import type { Descriptor, ImageIndex, ImageManifest } from "../manifest.js";
import { MediaTypes } from "../media-types.js";
import type { RegistryClient, RequestOptions } from "./client.js";
import { sha256Digest } from "./digest.js";

/** The empty descriptor (`{}`) an artifact manifest uses as its config (image-spec "Guidance for an Empty Descriptor"). */
export const EMPTY_CONFIG = { mediaType: "application/vnd.oci.empty.v1+json", digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", size: 2 } as const;
const EMPTY_BYTES = Buffer.from("{}");

export interface ReferrerArtifact {
  /** The manifest's `artifactType` (e.g. `application/vnd.cyclonedx+json`). */
  artifactType: string;
  /** The one layer's bytes and media type. */
  bytes: Buffer;
  mediaType: string;
  annotations: Record<string, string>;
}

export interface AttachedReferrer {
  /** Digest of the artifact manifest. */
  digest: string;
  size: number;
  artifactType: string;
  /** `api`: the registry indexed the subject itself (OCI-Subject); `tag`: Dredge updated the `sha256-<hex>` index. */
  via: "api" | "tag";
}

export interface SubjectDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** The referrers tag schema: `<alg>-<ref>`, the reference truncated to 64 characters. */
export const referrersTag = (digest: string): string => {
  const [alg, ref] = digest.split(":") as [string, string];
  return `${alg}-${ref.slice(0, 64)}`;
};

/** An artifact manifest (image-spec 1.1) for `artifact`, referring to `subject`. */
export function artifactManifest(subject: SubjectDescriptor, artifact: ReferrerArtifact): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType: artifact.artifactType,
    config: EMPTY_CONFIG,
    layers: [{ mediaType: artifact.mediaType, digest: sha256Digest(artifact.bytes), size: artifact.bytes.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: artifact.annotations,
  };
  return Buffer.from(JSON.stringify(manifest));
}

/**
 * Push `artifact` as a referrer of `subject` in `repository`: the blobs, the manifest by digest, and — when
 * the registry does not answer `OCI-Subject` — the referrers tag schema index, updated without duplicates.
 */
export async function attachReferrer(
  client: RegistryClient,
  repository: string,
  subject: SubjectDescriptor,
  artifact: ReferrerArtifact,
  opts: RequestOptions = {},
): Promise<AttachedReferrer> {
  await client.pushBlob(repository, EMPTY_BYTES, opts);
  await client.pushBlob(repository, artifact.bytes, opts);
  const bytes = artifactManifest(subject, artifact);
  const digest = sha256Digest(bytes);
  const pushed = await client.putManifest(repository, digest, bytes, MediaTypes.ociManifest, opts);
  const base = { digest, size: bytes.length, artifactType: artifact.artifactType };
  if (pushed.ociSubject === subject.digest) return { ...base, via: "api" };
  const descriptor: Descriptor = { mediaType: MediaTypes.ociManifest, digest, size: bytes.length, artifactType: artifact.artifactType, annotations: artifact.annotations };
  await addToTagIndex(client, repository, subject.digest, descriptor, opts);
  return { ...base, via: "tag" };
}

/** The referrers tag schema index of `subject` (an empty one when the tag does not exist). */
async function tagIndex(client: RegistryClient, repository: string, subject: string, opts: RequestOptions): Promise<ImageIndex> {
  const tag = referrersTag(subject);
  try {
    const got = await client.getManifest(repository, tag, opts);
    if (got.parsed.kind !== "index") {
      throw new DredgeError("REGISTRY_ERROR", `${client.registry}/${repository}:${tag} is not an image index, so it cannot be the referrers list of ${subject}`, {
        hint: "this tag is reserved for the OCI referrers tag schema; remove or rename what was pushed there",
      });
    }
    return got.parsed.index;
  } catch (err) {
    if (isDredgeError(err, "IMAGE_NOT_FOUND")) return { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] };
    throw err;
  }
}

async function addToTagIndex(client: RegistryClient, repository: string, subject: string, descriptor: Descriptor, opts: RequestOptions): Promise<void> {
  const index = await tagIndex(client, repository, subject, opts);
  if (index.manifests.some((m) => m.digest === descriptor.digest)) return;
  const updated = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [...index.manifests, descriptor], ...(index.annotations ? { annotations: index.annotations } : {}) };
  await client.putManifest(repository, referrersTag(subject), Buffer.from(JSON.stringify(updated)), MediaTypes.ociIndex, opts);
}

export interface ReferrerList {
  /** Descriptors of the referrers (of `artifactType` only when one was asked). */
  referrers: Descriptor[];
  via: "api" | "tag";
}

/**
 * The referrers of `subject`: the referrers API, else (404: no API) the tag schema index. Filtering by
 * `artifactType` is done here when the registry did not do it.
 */
export async function listReferrers(client: RegistryClient, repository: string, subject: string, artifactType?: string, opts: RequestOptions = {}): Promise<ReferrerList> {
  const api = await client.referrersApi(repository, subject, artifactType, opts);
  const all = api ? api.index.manifests : (await tagIndex(client, repository, subject, opts)).manifests;
  const referrers = artifactType ? all.filter((d) => d.artifactType === artifactType) : all;
  return { referrers, via: api ? "api" : "tag" };
}

/** An artifact manifest fetched by digest and checked: it refers to `subject` and carries one layer. */
export async function readReferrer(
  client: RegistryClient,
  repository: string,
  digest: string,
  subject: string,
  opts: RequestOptions = {},
): Promise<{ manifest: ImageManifest; layer: Descriptor }> {
  const got = await client.getManifest(repository, digest, opts); // verified against `digest`
  const what = `referrer ${digest} of ${client.registry}/${repository}@${subject}`;
  if (got.parsed.kind !== "manifest") throw new DredgeError("INVALID_MANIFEST", `${what} is an index, not an artifact manifest`);
  const manifest = got.parsed.manifest;
  if (manifest.subject?.digest !== subject) {
    throw new DredgeError("DIGEST_MISMATCH", `${what}: its subject is ${manifest.subject?.digest ?? "missing"}, not the image`);
  }
  const layer = manifest.layers[0];
  if (!layer || manifest.layers.length !== 1) throw new DredgeError("INVALID_MANIFEST", `${what} has ${manifest.layers.length} layers, expected one`);
  return { manifest, layer };
}
