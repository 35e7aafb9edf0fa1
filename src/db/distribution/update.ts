/**
 * `updateDatabase`: fetch the database artifact's manifest, pick the shards for the wanted namespaces
 * (`selectLayers`), download and verify them into a work dir inside CACHE_DIR/db, check they open as one
 * store, fsync, rename the work dir into place and swap `current.json`. A downloaded shard keeps the earlier fix
 * dates of the installed one (../fix-history.ts). Any failure (bad digest, truncated
 * blob, abort) removes the work dir and leaves the previous database installed and readable.
 */
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError, isDredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { ANNOTATION_SHARD, parseDbManifest, selectLayers, type DbManifest } from "../artifact.js";
import { COMMON_SHARD, shardOf } from "../shards.js";
import { openAdvisoryStore } from "../store.js";
import { carryFixHistory } from "../fix-history.js";
import { asCancelled, connect, type RegistryAccess } from "./access.js";
import {
  databaseDirName, dbRoot, fsyncPath, keepsPrevious, makeWorkDir, readInstalled, sweep, writePointer,
  type InstalledDatabase, type InstalledInfo, type InstalledShard,
} from "./layout.js";
import { checkLayers, fetchShard } from "./shard-download.js";
import { withUpdateLock } from "./lock.js";

export type NamespaceSelection = readonly string[] | "all";

export interface UpdateOptions extends RegistryAccess {
  cacheDir: string;
  /** `host/repo:tag` or `host/repo@sha256:…` of the database artifact. */
  repository: string;
  /** Namespaces (`debian:12`) or shard groups (`debian`, `npm`); `all` (default) pulls every shard. */
  namespaces?: NamespaceSelection | undefined;
  /** Download even when the installed database has the same manifest. */
  force?: boolean | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  now?: Date | undefined;
}

export interface UpdateResult {
  /** False when the registry had nothing new (only the check time was recorded). */
  updated: boolean;
  installed: InstalledDatabase;
  downloadedBytes: number;
}

/** True when a database pulled for `have` also serves `want`. */
export function coversNamespaces(have: NamespaceSelection, want: NamespaceSelection): boolean {
  if (have === "all") return true;
  if (want === "all") return false;
  const groups = new Set(have.map(shardOf));
  return want.every((n) => groups.has(shardOf(n)));
}

const sameSelection = (a: NamespaceSelection, b: NamespaceSelection): boolean =>
  coversNamespaces(a, b) && coversNamespaces(b, a);

/** One update at a time per cache directory (./lock.ts): a second one waits, then finds the database current. */
export async function updateDatabase(opts: UpdateOptions): Promise<UpdateResult> {
  return withUpdateLock(dbRoot(opts.cacheDir), { logger: opts.logger, signal: opts.signal }, () => updateLocked(opts));
}

async function updateLocked(opts: UpdateOptions): Promise<UpdateResult> {
  const { ref, client } = connect(opts.repository, opts, opts.logger, opts.signal);
  const reference = ref.digest ?? ref.tag ?? "latest";
  const origin = `${ref.registry}/${ref.repository}${ref.digest ? "@" : ":"}${reference}`;
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  try {
    const fetched = await client.getManifest(ref.repository, reference, signalOpt).catch((err: unknown) => {
      throw isDredgeError(err, "IMAGE_NOT_FOUND") ? noPrebuiltDatabase(origin, err) : err;
    });
    if (fetched.parsed.kind !== "manifest") {
      throw new DredgeError("UNSUPPORTED_MANIFEST", `${origin} is an image index, not a Dredge database artifact`);
    }
    const manifest = parseDbManifest(JSON.parse(fetched.bytes.toString("utf8")), origin);
    const wanted = opts.namespaces ?? "all";
    const layers = selectLayers(manifest, wanted);
    checkLayers(layers, origin);
    if (!layers.some((l) => l.annotations?.[ANNOTATION_SHARD] === COMMON_SHARD)) {
      throw new DredgeError("INVALID_MANIFEST", `${origin} has no ${COMMON_SHARD} shard`);
    }
    const root = dbRoot(opts.cacheDir);
    const current = await readInstalled(opts.cacheDir, opts.logger);
    const now = (opts.now ?? new Date()).toISOString();
    if (current && !opts.force && current.info.manifestDigest === fetched.digest && current.info.repository === opts.repository
      && sameSelection(current.info.namespaces, wanted)) {
      const info: InstalledInfo = { ...current.info, checkedAt: now };
      await writePointer(root, info);
      opts.logger.info("vulnerability database is up to date", { repository: origin, digest: fetched.digest });
      return { updated: false, installed: { ...current, info }, downloadedBytes: 0 };
    }
    const base = { repository: opts.repository, manifestDigest: fetched.digest, namespaces: wanted === "all" ? "all" as const : [...wanted], now };
    return await install(manifest, layers, { ...base, client, repositoryPath: ref.repository, root, current, opts });
  } catch (err) {
    throw asCancelled(err, opts.signal, `database update from ${origin}`);
  } finally {
    await client.close();
  }
}

/** The registry answered 404 for the database artifact: say what the user can do instead. */
export function noPrebuiltDatabase(origin: string, err: DredgeError): DredgeError {
  const status = typeof err.details?.status === "number" ? `HTTP ${err.details.status}` : "not found";
  return new DredgeError(
    "DB_NOT_FOUND",
    `no prebuilt vulnerability database at ${origin} (${status}): build one from the feeds with \`dredge db build --output dredge.db\` `
      + "(needs network access to the feeds: OSV, Debian, Alpine, Ubuntu, Red Hat, NVD…; or local copies with --source NAME=PATH) "
      + "and scan with --db dredge.db, or point --db-repository at your mirror",
    { cause: err, hint: "`dredge db push REGISTRY/REPO:TAG --db dredge.db` publishes a built database to your own registry", details: err.details },
  );
}

interface InstallEnv {
  client: ReturnType<typeof connect>["client"];
  repositoryPath: string;
  repository: string;
  manifestDigest: string;
  namespaces: "all" | string[];
  now: string;
  root: string;
  current: InstalledDatabase | undefined;
  opts: UpdateOptions;
}

async function install(manifest: DbManifest, layers: DbManifest["layers"], env: InstallEnv): Promise<UpdateResult> {
  const work = await makeWorkDir(env.root);
  const { logger, signal } = env.opts;
  try {
    const shards: InstalledShard[] = [];
    let downloadedBytes = 0;
    for (const layer of layers) {
      const r = await fetchShard(layer, { client: env.client, repository: env.repositoryPath, work, current: env.current, logger, signal });
      const installed = env.current?.info.shards.find((s) => s.group === r.shard.group);
      if (r.downloaded > 0 && installed && env.current) {
        const kept = carryFixHistory(join(work, r.shard.file), join(env.current.dir, installed.file));
        if (kept > 0) logger.info("kept earlier fix dates of the installed database", { shard: r.shard.group, fixes: kept });
      }
      shards.push(r.shard);
      downloadedBytes += r.downloaded;
    }
    shards.sort((a, b) => Number(b.group === COMMON_SHARD) - Number(a.group === COMMON_SHARD) || (a.group < b.group ? -1 : 1));
    const files = shards.map((s) => join(work, s.file));
    const builtAt = checkOpens(files, manifest);
    for (const f of files) await fsyncPath(f);
    await fsyncPath(work);
    signal?.throwIfAborted();
    const dir = databaseDirName(builtAt, env.manifestDigest);
    await rename(work, join(env.root, dir));
    await fsyncPath(env.root);
    // Asked to keep the generation replaced (a server computes its deltas from it): it stays, the one before goes.
    const kept = keepsPrevious(env.root) && env.current ? env.current.info : undefined;
    const info: InstalledInfo = {
      version: 1, dir, repository: env.repository, manifestDigest: env.manifestDigest, builtAt,
      updatedAt: env.now, checkedAt: env.now, namespaces: env.namespaces, shards,
      ...(kept ? { previous: { dir: kept.dir, builtAt: kept.builtAt, shards: kept.shards } } : {}),
    };
    await writePointer(env.root, info);
    await sweep(env.root, dir, kept ? kept.previous?.dir : env.current?.info.dir, logger, undefined, kept?.dir);
    logger.info("vulnerability database updated", { digest: env.manifestDigest, builtAt, shards: shards.length, downloadedBytes });
    return { updated: true, installed: { info, dir: join(env.root, dir), paths: shards.map((s) => join(env.root, dir, s.file)) }, downloadedBytes };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

/** The downloaded shards must open as one store of this schema; returns the build time. */
function checkOpens(files: string[], manifest: DbManifest): string {
  const store = openAdvisoryStore(files);
  try {
    const meta = store.metadata();
    const created = manifest.annotations["org.opencontainers.image.created"];
    if (created && meta.builtAt !== created) {
      throw new DredgeError("DB_ERROR", `database shards were built at ${meta.builtAt}, but the manifest says ${created}`);
    }
    return meta.builtAt;
  } finally {
    store.close();
  }
}
