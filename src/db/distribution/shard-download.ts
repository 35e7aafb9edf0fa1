/**
 * One shard layer onto disk: downloaded to `<work>/<hex>.gz` while its digest and size are verified, and only
 * then gunzipped (bounded) to `<work>/<group>.db`. Nothing unverified is ever decompressed. A shard the
 * installed database already has (same layer digest) is hard-linked (or copied) instead of downloaded.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, link, rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DredgeError, isDredgeError } from "../../errors.js";
import type { RegistryClient } from "../../image/registry/index.js";
import type { Logger } from "../../util/log.js";
import { ANNOTATION_NAMESPACES, ANNOTATION_SHARD, type Descriptor } from "../artifact.js";
import type { InstalledDatabase, InstalledShard } from "./layout.js";

/** Largest shard accepted, compressed and uncompressed. */
export const MAX_SHARD_BYTES = 8 * 1024 * 1024 * 1024;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const GROUP_RE = /^[a-z0-9.-]+$/;

/** Checks the layer descriptors before anything is downloaded: digest form, size bound, unique shard names. */
export function checkLayers(layers: readonly Descriptor[], origin: string): void {
  const seen = new Set<string>();
  for (const l of layers) {
    const group = l.annotations?.[ANNOTATION_SHARD];
    if (!DIGEST_RE.test(l.digest)) throw new DredgeError("INVALID_MANIFEST", `${origin}: layer digest ${JSON.stringify(l.digest)} is not a sha256 digest`);
    if (!Number.isSafeInteger(l.size) || l.size < 0 || l.size > MAX_SHARD_BYTES) {
      throw new DredgeError("LIMIT_EXCEEDED", `${origin}: layer ${l.digest} has size ${l.size}, above the ${MAX_SHARD_BYTES}-byte limit`);
    }
    if (!group || !GROUP_RE.test(group)) throw new DredgeError("INVALID_MANIFEST", `${origin}: layer ${l.digest} has no valid shard annotation`);
    if (seen.has(group)) throw new DredgeError("INVALID_MANIFEST", `${origin}: shard ${group} appears twice`);
    seen.add(group);
  }
}

export interface ShardFetch {
  client: RegistryClient;
  repository: string;
  work: string;
  current: InstalledDatabase | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

/** Places one shard in `env.work`; returns its record and the bytes downloaded (0 when reused). */
export async function fetchShard(layer: Descriptor, env: ShardFetch): Promise<{ shard: InstalledShard; downloaded: number }> {
  const group = layer.annotations?.[ANNOTATION_SHARD] ?? "";
  const namespaces = (layer.annotations?.[ANNOTATION_NAMESPACES] ?? "").split(",").filter(Boolean);
  const shard: InstalledShard = { group, file: `${group}.db`, digest: layer.digest, namespaces };
  const target = join(env.work, shard.file);
  if (await reuse(shard, env, target)) return { shard, downloaded: 0 };
  const gz = join(env.work, `${layer.digest.slice(7)}.gz`);
  env.logger.info("downloading database shard", { shard: group, digest: layer.digest, bytes: layer.size });
  const blob = await env.client.openBlob(env.repository, layer.digest, layer.size, env.signal ? { signal: env.signal } : {});
  await pipeline(blob, createWriteStream(gz), env.signal ? { signal: env.signal } : {});
  await gunzipBounded(gz, target, layer.digest, env.signal);
  await rm(gz, { force: true });
  return { shard, downloaded: layer.size };
}

async function reuse(shard: InstalledShard, env: ShardFetch, target: string): Promise<boolean> {
  const have = env.current?.info.shards.find((s) => s.digest === shard.digest && s.group === shard.group);
  if (!have || !env.current) return false;
  const from = join(env.current.dir, have.file);
  try {
    await link(from, target);
  } catch {
    try {
      await copyFile(from, target);
    } catch {
      return false;
    }
  }
  env.logger.info("database shard unchanged, reused", { shard: shard.group, digest: shard.digest });
  return true;
}

async function gunzipBounded(gz: string, target: string, digest: string, signal: AbortSignal | undefined): Promise<void> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(size > MAX_SHARD_BYTES ? new DredgeError("LIMIT_EXCEEDED", `database layer ${digest} expands beyond ${MAX_SHARD_BYTES} bytes`) : null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(gz), createGunzip(), limit, createWriteStream(target), signal ? { signal } : {});
  } catch (err) {
    if (isDredgeError(err) || signal?.aborted) throw err;
    throw new DredgeError("CORRUPT_LAYER", `database layer ${digest} is not valid gzip`, { cause: err });
  }
}
