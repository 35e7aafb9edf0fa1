/** Types that describe an image: where it came from, its config and its layers. Types only. */

/** `algorithm:hex`, e.g. `sha256:…`. */
export type Digest = string;

export type SourceKind =
  | "registry"
  | "docker-archive"
  | "oci-layout"
  | "oci-archive"
  | "daemon"
  | "rootfs"
  | "fs"
  | "sbom";

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  "os.version"?: string;
}

/** One `history` entry of the image config, tied to the layer it produced (if any). */
export interface HistoryEntry {
  created?: string;
  createdBy?: string;
  comment?: string;
  author?: string;
  emptyLayer: boolean;
}

export interface LayerRef {
  /** Position among the image's layers, 0 = base. */
  index: number;
  /** sha256 of the uncompressed tar (from the config's rootfs.diff_ids). */
  diffId: Digest;
  /** Digest of the blob as stored/distributed (compressed), when the source knows it. */
  digest?: Digest;
  /** Size of the stored blob in bytes, when known. */
  size?: number;
  mediaType?: string;
  /** `created_by` of the history entry that produced this layer. */
  createdBy?: string;
  created?: string;
  comment?: string;
}

/** The image config (application/vnd.oci.image.config.v1+json), normalised. */
export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  user?: string;
  env: string[];
  exposedPorts: string[];
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  volumes: string[];
  labels: Record<string, string>;
  stopSignal?: string;
  healthcheck?: { test?: string[]; interval?: number; timeout?: number; retries?: number };
  diffIds: Digest[];
  history: HistoryEntry[];
}

/** What an image source resolved a TARGET to: one platform's image. */
export interface ImageMetadata {
  source: SourceKind;
  /** What the user typed, normalised (`docker.io/library/alpine:latest`, or a path). */
  name: string;
  /** Tags known for this image (`repo:tag`). */
  repoTags: string[];
  /** `repo@sha256:…` where the source knows the manifest digest. */
  repoDigests: string[];
  /** Digest of the image manifest. */
  manifestDigest?: Digest;
  /** Digest of the index the manifest was chosen from, for multi-platform images. */
  indexDigest?: Digest;
  /** Digest of the config blob: the image ID. */
  configDigest: Digest;
  platform: Platform;
  /** Annotations of the manifest (and of its index descriptor), e.g. org.opencontainers.image.base.name. */
  annotations: Record<string, string>;
  config: ImageConfig;
  /** The raw config JSON, for analyzers that need more than the summary. */
  rawConfig: unknown;
  layers: LayerRef[];
}
