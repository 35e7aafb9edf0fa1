/**
 * The installed database in CACHE_DIR/db/: one directory of shards per download plus `current.json`, the
 * pointer naming the directory in use. An update writes a new directory (from a `.tmp-…` work dir renamed
 * once complete and fsynced) and then replaces the pointer atomically; readers that follow the old pointer
 * keep a complete database until they close it.
 */
import { LOCK_FILE } from "./lock.js";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { COMMON_SHARD } from "../shards.js";
import { safeParse } from "../../util/schema.js";

export const POINTER_FILE = "current.json";
const TMP_PREFIX = ".tmp-";
/** Work dirs and unreferenced database dirs older than this are swept by the next update. */
const SWEEP_AFTER_MS = 60 * 60 * 1000;

const shardSchema = z.object({
  group: z.string().regex(/^[a-z0-9.-]+$/),
  file: z.string().regex(/^[a-z0-9.-]+\.db$/),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  namespaces: z.array(z.string()),
});

/** The generation before the one in use, kept when the cache directory asks for it (`KEEP_PREVIOUS_FILE`). */
const previousSchema = z.object({
  dir: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  builtAt: z.string(),
  shards: z.array(shardSchema).min(1),
});

const pointerSchema = z.object({
  version: z.literal(1),
  dir: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  repository: z.string(),
  manifestDigest: z.string(),
  builtAt: z.string(),
  updatedAt: z.string(),
  checkedAt: z.string(),
  namespaces: z.union([z.literal("all"), z.array(z.string())]),
  shards: z.array(shardSchema).min(1),
  previous: previousSchema.optional(),
});

/**
 * A file in CACHE_DIR/db asking every update (the server's, `dredge db update`'s) to keep the generation it
 * replaces, named in the pointer as `previous`: a `dredge server` computes the delta of an update made while
 * it was stopped from it (docs/monitoring.md). One generation; the one before it is removed.
 */
export const KEEP_PREVIOUS_FILE = "keep-previous";

/** What `current.json` records about the installed database. */
export type InstalledInfo = z.infer<typeof pointerSchema>;
export type InstalledShard = z.infer<typeof shardSchema>;

export interface InstalledDatabase {
  info: InstalledInfo;
  /** Absolute shard files, `common` first: what `openAdvisoryStore` takes. */
  paths: string[];
  dir: string;
}

export const dbRoot = (cacheDir: string): string => join(cacheDir, "db");

/** The installed database, or undefined when there is none (or its pointer or files are unusable: warned). */
export async function readInstalled(cacheDir: string, logger: Logger): Promise<InstalledDatabase | undefined> {
  const root = dbRoot(cacheDir);
  const pointer = join(root, POINTER_FILE);
  let text: string;
  try {
    text = await readFile(pointer, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    logger.warn("cannot read the installed database pointer", { file: pointer, reason: errorMessage(err) });
    return undefined;
  }
  let parsed: ReturnType<typeof pointerSchema.safeParse>;
  try {
    parsed = safeParse(pointerSchema, JSON.parse(text));
  } catch {
    parsed = safeParse(pointerSchema, undefined);
  }
  if (!parsed.success) {
    logger.warn("ignoring a malformed database pointer", { file: pointer });
    return undefined;
  }
  const info = parsed.data;
  const dir = join(root, info.dir);
  const ordered = [...info.shards].sort((a, b) => Number(b.group === COMMON_SHARD) - Number(a.group === COMMON_SHARD));
  const paths = ordered.map((s) => join(dir, s.file));
  const missing = paths.find((p) => !existsSync(p));
  if (missing !== undefined || ordered[0]?.group !== COMMON_SHARD) {
    logger.warn("the installed database is incomplete; ignoring it", { file: missing ?? pointer });
    return undefined;
  }
  return { info, paths, dir };
}

/** Asks the updates of this cache directory to keep the generation they replace (`KEEP_PREVIOUS_FILE`). */
export async function keepPreviousDatabase(cacheDir: string): Promise<void> {
  const root = dbRoot(cacheDir);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, KEEP_PREVIOUS_FILE), "a dredge server keeps the previous database here to compute update deltas\n");
}

export const keepsPrevious = (root: string): boolean => existsSync(join(root, KEEP_PREVIOUS_FILE));

/** The generation kept before the installed one, when there is one and its files are all there. */
export async function readPrevious(cacheDir: string, logger: Logger): Promise<{ builtAt: string; paths: string[] } | undefined> {
  const current = await readInstalled(cacheDir, logger);
  const prev = current?.info.previous;
  if (!prev || prev.dir === current.info.dir) return undefined;
  const ordered = [...prev.shards].sort((a, b) => Number(b.group === COMMON_SHARD) - Number(a.group === COMMON_SHARD));
  const paths = ordered.map((s) => join(dbRoot(cacheDir), prev.dir, s.file));
  return paths.every((p) => existsSync(p)) && ordered[0]?.group === COMMON_SHARD ? { builtAt: prev.builtAt, paths } : undefined;
}

/** fsync a file or directory. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replace `current.json` atomically: temp file in the same dir, fsync, rename, fsync the dir. */
export async function writePointer(root: string, info: InstalledInfo): Promise<void> {
  const tmp = join(root, `${TMP_PREFIX}${POINTER_FILE}.${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(tmp, JSON.stringify(info, null, 2) + "\n");
    await fsyncPath(tmp);
    await rename(tmp, join(root, POINTER_FILE));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(root);
}

/** A fresh work dir inside CACHE_DIR/db (same file system as the final dir, so rename is atomic). */
export async function makeWorkDir(root: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const dir = join(root, `${TMP_PREFIX}${Date.now()}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir);
  return dir;
}

/** Name of a new database directory: build time + manifest digest prefix + random suffix. */
export function databaseDirName(builtAt: string, manifestDigest: string): string {
  const stamp = builtAt.replace(/[^0-9]/g, "").slice(0, 14) || "0";
  const hex = manifestDigest.split(":")[1]?.slice(0, 12) ?? "local";
  return `${stamp}-${hex}-${randomBytes(3).toString("hex")}`;
}

/**
 * Remove `previous` (the directory the pointer named before an update) and sweep leftovers of interrupted
 * or concurrent updates that are older than an hour; `keep` and `retain` (a kept previous generation) are never removed.
 */
export async function sweep(root: string, keep: string, previous: string | undefined, logger: Logger, now = Date.now(), retain?: string): Promise<void> {
  if (previous && previous !== keep && previous !== retain) await rm(join(root, previous), { recursive: true, force: true });
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === keep || name === retain || name === POINTER_FILE || name === LOCK_FILE || name === KEEP_PREVIOUS_FILE) continue;
    const path = join(root, name);
    try {
      const st = await stat(path);
      if (now - st.mtimeMs > SWEEP_AFTER_MS) await rm(path, { recursive: true, force: true });
    } catch (err) {
      logger.debug("cannot sweep database leftover", { path, reason: errorMessage(err) });
    }
  }
}
