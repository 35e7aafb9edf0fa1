/** The vulnerability database a scan matches against: installed, updated when due, or the file named. */
import { ensureDatabase, type EnsuredDatabase } from "../db/distribution/ensure.js";
import { openAdvisoryStore } from "../db/store.js";
import type { PackageMatchCache } from "./package-matches.js";
import type { ScanReport } from "../model/finding.js";
import type { ScanHooks } from "./hooks.js";
import type { ScanOptions } from "./options.js";

export type DatabaseOptions = Pick<
  ScanOptions,
  "username" | "password" | "insecure" | "db" | "skipDbUpdate" | "offline" | "dbMaxAge" | "dbRepository" | "dbNamespaces"
>;

export interface ScanDatabase {
  ensured: EnsuredDatabase;
  store: ReturnType<typeof openAdvisoryStore>;
  /** The namespaces the database has rows for (coverage). */
  namespaces: ReadonlySet<string>;
  /** What reports say about the database. */
  info: NonNullable<ScanReport["database"]>;
  /** A warning for every report when the database is stale. */
  staleWarning?: string;
  /** Package findings kept across the inventories matched against this database (./package-matches.ts; a server sets it). */
  packageMatches?: PackageMatchCache;
  close(): void;
}

export async function openScanDatabase(options: DatabaseOptions, hooks: ScanHooks): Promise<ScanDatabase> {
  const { username, password, insecure } = options;
  const ensured = await ensureDatabase({
    username, password, insecure, dockerConfigDir: hooks.dockerConfigDir, cacheDir: hooks.cacheDir, db: options.db, skipUpdate: options.skipDbUpdate, offline: options.offline,
    maxAgeMs: options.dbMaxAge, repository: options.dbRepository, namespaces: options.dbNamespaces, logger: hooks.logger, signal: hooks.signal,
  });
  const { status } = ensured;
  if (ensured.stale) hooks.logger.warn("the vulnerability database is stale", { builtAt: status.builtAt, ageHours: Math.round(status.ageSeconds / 3600) });
  const store = openAdvisoryStore(ensured.paths);
  return {
    ensured,
    store,
    namespaces: new Set(store.namespaces()),
    info: { builtAt: status.builtAt, schemaVersion: status.schemaVersion, ...(ensured.stale ? { stale: true } : {}) },
    ...(ensured.stale ? { staleWarning: `the vulnerability database was built ${status.builtAt} and is stale: findings may be missing (run dredge db update)` } : {}),
    close: () => store.close(),
  };
}
