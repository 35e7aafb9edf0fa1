/**
 * `pushDatabase`: publish a built database to any registry as the Dredge database artifact: split into
 * shards, gzip each (`packShards`), upload the empty config and the shard blobs (skipping those the
 * registry already has), then PUT the manifest under the tag.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { ANNOTATION_SHARD, packShards, type Descriptor } from "../artifact.js";
import { splitDatabase } from "../shards.js";
import { databaseStatus } from "../status.js";
import { unpublishableSources } from "../build.js";
import { asCancelled, connect, type RegistryAccess } from "./access.js";

export interface PushOptions extends RegistryAccess {
  /** The database file (as written by `buildDatabase`). */
  file: string;
  /** `host/repo:tag`. */
  reference: string;
  /** Scratch space for the shards (removed afterwards). */
  workDir: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

export interface PushResult {
  /** `host/repo@sha256:…` of the pushed manifest. */
  reference: string;
  digest: string;
  builtAt: string;
  layers: Descriptor[];
  /** Blobs actually uploaded (others were already there). */
  uploaded: number;
}

export async function pushDatabase(opts: PushOptions): Promise<PushResult> {
  const file = resolve(opts.file);
  const status = databaseStatus(file);
  if (status.namespaces.length === 0 && status.sources.length === 0) {
    throw new DredgeError("DB_ERROR", `${file} holds no sources: nothing to publish`);
  }
  const closed = unpublishableSources(status.sources.map((s) => s.name));
  if (closed.length > 0) {
    throw new DredgeError("USAGE", `${file} holds ${closed.join(", ")} data, whose licence forbids redistribution: it cannot be pushed`, {
      hint: "Publish a database built without those sources (the default `dredge db build` leaves them out).",
    });
  }
  const { ref, client } = connect(opts.reference, opts, opts.logger, opts.signal);
  if (ref.digest) throw new DredgeError("USAGE", `push the database to a tag, not a digest: ${opts.reference}`);
  const tag = ref.tag ?? "latest";
  const sig = opts.signal ? { signal: opts.signal } : {};
  const work = await mkdtemp(join(opts.workDir, "db-push-"));
  try {
    const shards = splitDatabase(file, work);
    const { manifest, blobs } = await packShards(shards, join(work, "blobs"), status.builtAt);
    let uploaded = 0;
    const config = await client.pushBlob(ref.repository, Buffer.from("{}"), sig);
    if (config.digest !== manifest.config.digest) throw new DredgeError("INTERNAL", "empty config digest differs from the manifest's");
    uploaded += Number(config.uploaded);
    for (const b of blobs) {
      opts.logger.info("pushing database shard", { shard: b.descriptor.annotations?.[ANNOTATION_SHARD], bytes: b.descriptor.size });
      const r = await client.pushBlob(ref.repository, { path: b.path, digest: b.descriptor.digest, size: b.descriptor.size }, sig);
      uploaded += Number(r.uploaded);
    }
    const bytes = Buffer.from(JSON.stringify(manifest));
    const digest = await client.pushManifest(ref.repository, tag, bytes, manifest.mediaType, sig);
    return { reference: `${ref.registry}/${ref.repository}@${digest}`, digest, builtAt: status.builtAt, layers: manifest.layers, uploaded };
  } catch (err) {
    throw asCancelled(err, opts.signal, `database push to ${opts.reference}`);
  } finally {
    await client.close();
    await rm(work, { recursive: true, force: true });
  }
}
