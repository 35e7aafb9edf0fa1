/**
 * The database as an OCI artifact (docs/database.md, "Distribution"): an image manifest with
 * artifactType `application/vnd.dredge.db.v1`, the empty config, and one gzip layer per shard annotated
 * with its group and namespaces. `writeArtifactLayout` writes it as an OCI image layout directory (any
 * registry client, skopeo included, can push that); `selectLayers` + `extractShards` are the inverse for a
 * client that wants only some namespaces. The registry transport lives elsewhere.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createGunzip, gzipSync } from "node:zlib";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DredgeError } from "../errors.js";
import { SCHEMA_VERSION } from "./schema.js";
import { COMMON_SHARD, shardOf, splitDatabase, type ShardFile } from "./shards.js";

export const DB_ARTIFACT_TYPE = "application/vnd.dredge.db.v1";
export const DB_LAYER_MEDIA_TYPE = "application/vnd.dredge.db.shard.v1.sqlite+gzip";
export const ANNOTATION_SHARD = "dev.dredge.db.shard";
export const ANNOTATION_NAMESPACES = "dev.dredge.db.namespaces";
export const ANNOTATION_SCHEMA = "dev.dredge.db.schema-version";
const EMPTY_CONFIG = { mediaType: "application/vnd.oci.empty.v1+json", digest: `sha256:${sha256(Buffer.from("{}"))}`, size: 2, data: "e30=" };
const MAX_SHARD_BYTES = 8 * 1024 * 1024 * 1024;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  data?: string;
}

export interface DbManifest {
  schemaVersion: 2;
  mediaType: "application/vnd.oci.image.manifest.v1+json";
  artifactType: typeof DB_ARTIFACT_TYPE;
  config: Descriptor;
  layers: Descriptor[];
  annotations: Record<string, string>;
}

export interface Blob {
  descriptor: Descriptor;
  path: string;
}

function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/** Gzips each shard into `blobDir` and returns the manifest and the blobs (config first). */
export async function packShards(shards: ShardFile[], blobDir: string, builtAt: string): Promise<{ manifest: DbManifest; blobs: Blob[] }> {
  await mkdir(blobDir, { recursive: true });
  const blobs: Blob[] = [];
  for (const s of shards) {
    const gz = gzipSync(await readFile(s.path), { level: 9 });
    const hex = sha256(gz);
    const path = join(blobDir, hex);
    await writeFile(path, gz);
    const annotations = {
      "org.opencontainers.image.title": `${s.group}.db.gz`,
      [ANNOTATION_SHARD]: s.group,
      [ANNOTATION_NAMESPACES]: s.namespaces.join(","),
    };
    blobs.push({ descriptor: { mediaType: DB_LAYER_MEDIA_TYPE, digest: `sha256:${hex}`, size: gz.length, annotations }, path });
  }
  const manifest: DbManifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    artifactType: DB_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: blobs.map((b) => b.descriptor),
    annotations: { "org.opencontainers.image.created": builtAt, [ANNOTATION_SCHEMA]: String(SCHEMA_VERSION) },
  };
  return { manifest, blobs };
}

/** Splits `dbFile` and writes an OCI image layout (oci-layout, index.json, blobs/sha256/…) at `layoutDir`. */
export async function writeArtifactLayout(dbFile: string, layoutDir: string, builtAt: string, tag = "latest"): Promise<DbManifest> {
  const work = await mkdtemp(join(layoutDir, ".shards-"));
  try {
    const shards = splitDatabase(dbFile, work);
    const blobDir = join(layoutDir, "blobs", "sha256");
    const { manifest } = await packShards(shards, blobDir, builtAt);
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const mHex = sha256(manifestBytes);
    await writeFile(join(blobDir, mHex), manifestBytes);
    await writeFile(join(blobDir, EMPTY_CONFIG.digest.slice(7)), "{}");
    await writeFile(join(layoutDir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    const index = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{ mediaType: manifest.mediaType, artifactType: DB_ARTIFACT_TYPE, digest: `sha256:${mHex}`, size: manifestBytes.length,
        annotations: { "org.opencontainers.image.ref.name": tag } }],
    };
    await writeFile(join(layoutDir, "index.json"), JSON.stringify(index, null, 2));
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Checks a fetched manifest is a Dredge database of this schema version. */
export function parseDbManifest(json: unknown, origin: string): DbManifest {
  const m = json as Partial<DbManifest> | null;
  if (!m || m.artifactType !== DB_ARTIFACT_TYPE || !Array.isArray(m.layers)) {
    throw new DredgeError("UNSUPPORTED_MANIFEST", `${origin} is not a Dredge database artifact (${DB_ARTIFACT_TYPE})`);
  }
  const v = m.annotations?.[ANNOTATION_SCHEMA];
  if (v !== String(SCHEMA_VERSION)) {
    throw new DredgeError("DB_ERROR", `${origin} holds database schema ${v ?? "unknown"}, this Dredge reads ${SCHEMA_VERSION}`, {
      hint: "Use a database tag built for this version of Dredge.",
    });
  }
  return m as DbManifest;
}

/** Layers a client needs for these namespaces (`debian:12`, `npm`…) or groups (`debian`): common always. */
export function selectLayers(manifest: DbManifest, wanted: readonly string[] | "all"): Descriptor[] {
  const groups = wanted === "all" ? undefined : new Set(wanted.map(shardOf));
  return manifest.layers.filter((l) => {
    const g = l.annotations?.[ANNOTATION_SHARD];
    return g === COMMON_SHARD || groups === undefined || (g !== undefined && groups.has(g));
  });
}

/** Verifies and un-gzips one layer blob to `<outDir>/<group>.db`; returns the file. */
export async function extractShard(layer: Descriptor, blob: Buffer, outDir: string): Promise<string> {
  const hex = sha256(blob);
  if (`sha256:${hex}` !== layer.digest) {
    throw new DredgeError("DIGEST_MISMATCH", `database layer ${layer.digest} has digest sha256:${hex}`);
  }
  const group = layer.annotations?.[ANNOTATION_SHARD];
  if (!group || !/^[a-z0-9.-]+$/.test(group)) throw new DredgeError("INVALID_MANIFEST", `database layer ${layer.digest} has no valid shard annotation`);
  const file = join(outDir, `${group}.db`);
  // Written beside the target and renamed: a store that has the old shard open keeps reading it intact.
  const tmp = `${file}.${hex.slice(0, 12)}.tmp`;
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(size > MAX_SHARD_BYTES ? new DredgeError("LIMIT_EXCEEDED", `database layer ${layer.digest} expands beyond ${MAX_SHARD_BYTES} bytes`) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.from([blob]), createGunzip(), limit, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof DredgeError) throw err;
    throw new DredgeError("CORRUPT_LAYER", `database layer ${layer.digest} is not valid gzip`, { cause: err });
  }
  return file;
}

/** Reads the manifest of an OCI layout written by writeArtifactLayout and extracts the wanted shards. */
export async function extractFromLayout(layoutDir: string, wanted: readonly string[] | "all", outDir: string): Promise<string[]> {
  const index = JSON.parse(await readFile(join(layoutDir, "index.json"), "utf8")) as { manifests?: Descriptor[] };
  const desc = index.manifests?.find((d) => d.mediaType === "application/vnd.oci.image.manifest.v1+json");
  if (!desc) throw new DredgeError("INVALID_MANIFEST", `no image manifest in ${layoutDir}/index.json`);
  const blob = (d: Descriptor): Promise<Buffer> => readFile(join(layoutDir, "blobs", "sha256", d.digest.replace(/^sha256:/, "")));
  const manifest = parseDbManifest(JSON.parse((await blob(desc)).toString("utf8")), layoutDir);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (const layer of selectLayers(manifest, wanted)) files.push(await extractShard(layer, await blob(layer), outDir));
  return files;
}
