/**
 * `ensureDatabase`: what a scan calls before matching. `--db FILE` is used as given and never updated;
 * otherwise the database installed in CACHE_DIR/db is used, and updated from the registry first when it is
 * missing, older than `maxAgeMs` (checked at most hourly), from another repository, or lacks wanted
 * namespaces — unless `offline` or `skipUpdate`. A failed update falls back to the installed database
 * with a warning; `stale` tells the scan to warn about an old database.
 */
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DredgeError, errorMessage, isDredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { COMMON_SHARD } from "../shards.js";
import { databaseStatus, type DatabaseStatus } from "../status.js";
import { DEFAULT_DB_REPOSITORY, type RegistryAccess } from "./access.js";
import { readInstalled, type InstalledDatabase } from "./layout.js";
import { coversNamespaces, updateDatabase, type NamespaceSelection } from "./update.js";

export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Age past which a database that may not be updated (offline, --skip-db-update, --db) is stale. */
export const NO_UPDATE_STALE_MS = 7 * 24 * 60 * 60 * 1000;
/** An out-of-date database is re-checked against the registry at most this often. */
export const RECHECK_MS = 60 * 60 * 1000;

export interface EnsureOptions extends RegistryAccess {
  cacheDir: string;
  /** `--db FILE` (or a directory of shards): use exactly that, never update. */
  db?: string | undefined;
  skipUpdate?: boolean | undefined;
  /** Never download (the scan's --offline). */
  offline?: boolean | undefined;
  maxAgeMs?: number | undefined;
  /** Database artifact reference; DEFAULT_DB_REPOSITORY when absent. */
  repository?: string | undefined;
  namespaces?: NamespaceSelection | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  now?: Date | undefined;
}

export interface EnsuredDatabase {
  /** Files for `openAdvisoryStore`. */
  paths: string[];
  status: DatabaseStatus;
  stale: boolean;
  updated: boolean;
  /** The namespaces the installed database was pulled for (`--db-namespaces`); `all` for `--db FILE`. */
  selection: NamespaceSelection;
}

export function dbNotFound(detail?: string): DredgeError {
  return new DredgeError(
    "DB_NOT_FOUND",
    `no vulnerability database${detail ? ` (${detail})` : ""}: run \`dredge db update\`, or build one with \`dredge db build\` and pass --db FILE`,
    { hint: "--offline and --skip-db-update never download one." },
  );
}

/** `--db`: a database file, or a directory of shards (`common.db` + others). */
export async function localDatabasePaths(db: string): Promise<string[]> {
  const path = resolve(db);
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new DredgeError("DB_NOT_FOUND", `vulnerability database not found: ${path}`, { hint: "pass a file written by `dredge db build`" });
  }
  if (!st.isDirectory()) return [path];
  const files = (await readdir(path)).filter((f) => f.endsWith(".db")).sort();
  if (!files.includes(`${COMMON_SHARD}.db`)) throw new DredgeError("DB_NOT_FOUND", `${path} holds no ${COMMON_SHARD}.db shard`);
  return [`${COMMON_SHARD}.db`, ...files.filter((f) => f !== `${COMMON_SHARD}.db`)].map((f) => join(path, f));
}

const isStale = (status: DatabaseStatus, limitMs: number): boolean => status.ageSeconds < 0 || status.ageSeconds * 1000 > limitMs;

export async function ensureDatabase(opts: EnsureOptions): Promise<EnsuredDatabase> {
  const now = opts.now ?? new Date();
  const maxAge = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const frozenLimit = Math.max(maxAge, NO_UPDATE_STALE_MS);
  if (opts.db !== undefined) {
    const paths = await localDatabasePaths(opts.db);
    const status = databaseStatus(paths, now);
    return { paths, status, stale: isStale(status, frozenLimit), updated: false, selection: "all" };
  }
  const installed = await readInstalled(opts.cacheDir, opts.logger);
  const mayDownload = !opts.offline && !opts.skipUpdate;
  if (!mayDownload) {
    if (!installed) throw dbNotFound(opts.offline ? "--offline" : "--skip-db-update");
    const status = databaseStatus(installed.paths, now);
    return { paths: installed.paths, status, stale: isStale(status, frozenLimit), updated: false, selection: installed.info.namespaces };
  }
  const repository = opts.repository ?? DEFAULT_DB_REPOSITORY;
  const wanted = opts.namespaces ?? "all";
  let current = installed;
  let updated = false;
  if (needsUpdate(installed, repository, wanted, maxAge, now)) {
    try {
      const r = await updateDatabase({ ...opts, repository, namespaces: wanted, now });
      current = r.installed;
      updated = r.updated;
    } catch (err) {
      if (!installed || isDredgeError(err, "CANCELLED") || isDredgeError(err, "TIMEOUT")) throw err;
      opts.logger.warn("vulnerability database update failed; using the installed database", {
        repository, builtAt: installed.info.builtAt, reason: errorMessage(err),
      });
    }
  }
  if (!current) throw dbNotFound();
  const status = databaseStatus(current.paths, now);
  return { paths: current.paths, status, stale: isStale(status, maxAge), updated, selection: current.info.namespaces };
}

function needsUpdate(installed: InstalledDatabase | undefined, repository: string, wanted: NamespaceSelection, maxAge: number, now: Date): boolean {
  if (!installed) return true;
  const { info } = installed;
  if (info.repository !== repository || !coversNamespaces(info.namespaces, wanted)) return true;
  const age = now.getTime() - Date.parse(info.builtAt);
  const sinceCheck = now.getTime() - Date.parse(info.checkedAt);
  if (!(age > maxAge) && Number.isFinite(age)) return false;
  return !(sinceCheck < Math.min(maxAge, RECHECK_MS));
}
