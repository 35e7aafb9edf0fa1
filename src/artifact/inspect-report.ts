/** The `dredge inspect` report: a stable, documented JSON shape (docs/inspect.md). */
import type { Platform } from "../model/image.js";
import type { OSInfo } from "../model/package.js";
import type { ImageAnalysis } from "./types.js";

export const INSPECT_SCHEMA_VERSION = 1;

export interface InspectLayer {
  index: number;
  diffId: string;
  digest?: string;
  size?: number;
  mediaType?: string;
  createdBy?: string;
  created?: string;
  entries: number;
  uncompressedBytes: number;
}

export interface InspectImage {
  name: string;
  source: string;
  repoTags: string[];
  repoDigests: string[];
  manifestDigest?: string;
  indexDigest?: string;
  imageId: string;
  platform: Platform;
  os?: OSInfo;
  created?: string;
  base?: { name?: string; digest?: string };
  config: {
    user?: string;
    env: string[];
    exposedPorts: string[];
    entrypoint?: string[];
    cmd?: string[];
    workingDir?: string;
    volumes: string[];
    labels: Record<string, string>;
    stopSignal?: string;
    healthcheck?: { test?: string[] };
  };
  annotations: Record<string, string>;
  history: { created?: string; createdBy?: string; comment?: string; emptyLayer: boolean }[];
  layers: InspectLayer[];
  fileCount: number;
}

export interface InspectReport {
  schemaVersion: number;
  images: InspectImage[];
  warnings: string[];
}

export function inspectImage(a: ImageAnalysis): InspectImage {
  const m = a.metadata;
  const c = m.config;
  const baseName = m.annotations["org.opencontainers.image.base.name"] ?? c.labels["org.opencontainers.image.base.name"];
  const baseDigest = m.annotations["org.opencontainers.image.base.digest"] ?? c.labels["org.opencontainers.image.base.digest"];
  return {
    name: m.name,
    source: m.source,
    repoTags: m.repoTags,
    repoDigests: m.repoDigests,
    manifestDigest: m.manifestDigest,
    indexDigest: m.indexDigest,
    imageId: m.configDigest,
    platform: m.platform,
    os: a.os,
    created: c.created,
    base: baseName || baseDigest ? { name: baseName, digest: baseDigest } : undefined,
    config: {
      user: c.user,
      env: c.env,
      exposedPorts: c.exposedPorts,
      entrypoint: c.entrypoint,
      cmd: c.cmd,
      workingDir: c.workingDir,
      volumes: c.volumes,
      labels: c.labels,
      stopSignal: c.stopSignal,
      healthcheck: c.healthcheck,
    },
    annotations: m.annotations,
    history: c.history,
    layers: a.layers.map((l) => ({
      index: l.index,
      diffId: l.diffId,
      digest: l.digest,
      size: l.size,
      mediaType: l.mediaType,
      createdBy: l.createdBy,
      created: l.created,
      entries: l.entries,
      uncompressedBytes: l.uncompressedBytes,
    })),
    fileCount: a.fileCount,
  };
}

export function inspectReport(analyses: readonly ImageAnalysis[]): InspectReport {
  return {
    schemaVersion: INSPECT_SCHEMA_VERSION,
    images: analyses.map(inspectImage),
    warnings: [...new Set(analyses.flatMap((a) => a.warnings))],
  };
}
