/**
 * Image documents: manifests and indexes (parseManifest), image configs (parseImageConfig, tied to layers),
 * and a docker-save manifest.json. Seeds: the real test images' manifests/configs when built, plus small
 * documents in each format written here (no digests of generated images).
 */
import { buildLayerRefs, layerHistory, parseImageConfig } from "../../../src/image/config.js";
import { parseManifest } from "../../../src/image/manifest.js";
import { parseManifestJson, pickArchiveEntry } from "../../../src/image/archive/manifest-json.js";
import { MediaTypes } from "../../../src/image/media-types.js";
import { isDredgeError } from "../../../src/errors.js";
import { testImageBlobs } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const where = "fuzz-image-document";
const d = (c: string): string => `sha256:${c.repeat(64)}`;
const desc = (mediaType: string, c: string, extra: Record<string, unknown> = {}) => ({ mediaType, digest: d(c), size: 1234, ...extra });

const manifests = [
  { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: desc(MediaTypes.ociConfig, "a"), layers: [desc(MediaTypes.ociLayerGzip, "b"), desc(MediaTypes.ociLayerZstd, "c")], annotations: { "org.opencontainers.image.ref.name": "v1" } },
  { schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: desc(MediaTypes.dockerConfig, "d"), layers: [desc(MediaTypes.dockerLayerGzip, "e", { urls: ["https://example.com/l"] })] },
  {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests: [
      desc(MediaTypes.ociManifest, "f", { platform: { architecture: "amd64", os: "linux" } }),
      desc(MediaTypes.ociManifest, "0", { platform: { architecture: "arm64", os: "linux", variant: "v8", "os.features": ["x"] } }),
    ],
  },
  { schemaVersion: 1, name: "library/old", tag: "latest", fsLayers: [{ blobSum: d("1") }] },
];

const configs = [
  {
    architecture: "amd64",
    os: "linux",
    created: "2024-01-01T00:00:00Z",
    config: { User: "app", Env: ["PATH=/usr/bin"], Entrypoint: ["/app"], ExposedPorts: { "80/tcp": {} }, Labels: { a: "b" }, Healthcheck: { Test: ["CMD", "true"], Interval: 30 } },
    rootfs: { type: "layers", diff_ids: [d("2"), d("3")] },
    history: [{ created_by: "ADD rootfs.tar /" }, { created_by: "ENV A=1", empty_layer: true }, { created_by: "RUN make" }],
  },
];

const manifestJson = [[{ Config: "blobs/sha256/aa", RepoTags: ["app:1", "docker.io/library/app:latest"], Layers: ["l1/layer.tar", "l2/layer.tar"] }]];

const json = (docs: unknown[]): Buffer[] => docs.map((x) => Buffer.from(JSON.stringify(x, null, 1)));
const isJson = (head: Buffer): boolean => head[0] === 0x7b;

const contentTypes = [undefined, "", MediaTypes.ociManifest, MediaTypes.ociIndex, MediaTypes.dockerManifestList, `${MediaTypes.dockerManifest}; charset=utf-8`, "text/html"];

function manifestRun(input: Buffer): unknown {
  return parseManifest(input, contentTypes[input.length % contentTypes.length], where);
}

function configRun(input: Buffer): unknown {
  const { config } = parseImageConfig(input, where);
  layerHistory(config.history, config.diffIds.length);
  return buildLayerRefs(config, config.diffIds.map((diffId) => ({ digest: diffId, size: 1 })), where);
}

function manifestJsonRun(input: Buffer): unknown {
  const entries = parseManifestJson(input, where);
  try {
    return pickArchiveEntry(entries, input.length % 2 === 0 ? undefined : "app:1", where);
  } catch (err) {
    // Several images and no tag, or no such tag: expected answers naming the archive.
    if (isDredgeError(err, "USAGE") || isDredgeError(err, "IMAGE_NOT_FOUND")) return undefined;
    throw err;
  }
}

export const imageTargets: FuzzTarget[] = [
  { name: "image/manifest", seeds: () => [...json(manifests), ...testImageBlobs((h) => h.includes('"schemaVersion"'))], run: manifestRun, where },
  { name: "image/config", seeds: () => [...json(configs), ...testImageBlobs((h) => isJson(h) && !h.includes('"schemaVersion"'))], run: configRun, where },
  { name: "image/docker-manifest-json", seeds: () => json(manifestJson), run: manifestJsonRun, where },
];
