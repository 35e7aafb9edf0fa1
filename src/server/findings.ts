/**
 * Findings are computed on read: the stored inventory × the vulnerability database the server opened, through
 * the pipeline's `scanInventory` (the CLI's filters, sorts, suppressions and remediation). Results are cached
 * by image digest, when its inventory was stored, database build time and the filters asked, so a report is
 * never older than the database or the inventory and repeated reads are cheap. The cache is bounded (least
 * recently used goes first).
 *
 * The database is updated while the server runs (`update()`: on request, and periodically by the server): the
 * new database is installed beside the old one (src/db/distribution: one update at a time per cache
 * directory, across processes), opened, and swapped in; the old one is closed once the reports being computed
 * with it are done. One update at a time in the process; the last attempt and its error are kept for `GET /db`.
 */
import { cachedStore } from "../db/cached-store.js";
import { errorMessage } from "../errors.js";
import { DEFAULT_DB_REPOSITORY, keepPreviousDatabase, readPrevious, updateDatabase } from "../db/distribution/index.js";
import { openAdvisoryStore } from "../db/store.js";
import { severities, type ScanReport, type VulnerabilityFinding } from "../model/finding.js";
import { packageClasses } from "../model/package.js";
import { version as dredgeVersion } from "../version.js";
import type { Inventory } from "../model/inventory.js";
import { answerFilters, serializeAnswer } from "./fleet/answers.js";
import { decodeMatch, encodeMatch, type StoredMatch } from "./fleet/matches.js";
import { matchWithDatabase, openScanDatabase, packageMatchCache, reportInventory, scanInventory, type InventoryMatch, type ScanDatabase, type ScanHooks, type ScanOptions } from "../scan/index.js";

export type ReportFilters = Partial<Pick<ScanOptions, "severity" | "ignoreUnfixed" | "pkgTypes" | "sort" | "ignoreStatus">>;

/** Which stored inventory a report is of: the image's digest and when its inventory was stored. */
export interface InventoryKey {
  digest: string;
  storedAt: number;
}

/** A stored match as `reportStored` reads it (src/server/fleet/matches.ts); `version`: the version it was stored under, when known. */
export interface StoredRow {
  core: Buffer;
  listing?: Buffer | undefined;
  version?: string;
}

export interface UpdateAttempt {
  startedAt: string;
  finishedAt: string | null;
  /** Whether a new database was installed and is now in use. */
  updated: boolean;
  error: string | null;
}

export interface UpdateState {
  /** Why the database cannot be updated while running (`--db FILE`, `--offline`), if so. */
  disabled: string | null;
  running: boolean;
  lastAttempt: UpdateAttempt | null;
}

/** What `indexImage` computes for one inventory. */
export interface IndexedImage {
  version: string;
  findings: VulnerabilityFinding[];
  answer: string;
  /** Every (namespace, package) the matchers looked up in the database: the image's keys in the reverse index of the monitor. */
  keys: MatchKey[];
  /** The unfiltered report the findings come from (what a policy evaluates). */
  report: ScanReport;
  /** The unfiltered match, encoded to be stored (src/server/fleet/matches.ts). */
  match: StoredMatch;
}

/** A database row key: (namespace, package) as the database spells them. */
export type MatchKey = readonly [namespace: string, pkg: string];

/**
 * Called when a new database is about to replace the one in use, with both open: the monitor computes the
 * delta and plans the re-evaluation before the switch (both databases stay open until it returns).
 */
export type SwitchListener = (previous: ScanDatabase, next: ScanDatabase, versions: { previous: string; next: string }) => Promise<void>;

export interface FindingsService {
  /** The report of one stored inventory; `listPackages` adds the package listing SBOM-like formats need. */
  report(key: InventoryKey, inventory: Inventory, filters: ReportFilters, listPackages: boolean): Promise<ScanReport>;
  /** Every finding of an inventory, unfiltered (client mode: the client filters and reports). */
  match(inventory: Inventory): InventoryMatch;
  /**
   * Every vulnerability finding of an inventory that is not suppressed (all severities, fixed or not, both
   * package classes; never cached, no registry look-ups): what the fleet index stores.
   */
  indexFindings(inventory: Inventory): Promise<VulnerabilityFinding[]>;
  /**
   * What the indexer stores for an image: `indexFindings` and the serialised answer of
   * `GET …/vulnerabilities` without filters (src/server/fleet/answers.ts), from one match, and the database
   * `version` they were computed with.
   */
  indexImage(inventory: Inventory): Promise<IndexedImage>;
  /** The unfiltered match of an inventory with the database in use, encoded to be stored (src/server/fleet/matches.ts), and that database's `version`. */
  storedMatch(inventory: Inventory): { version: string; match: StoredMatch };
  /**
   * The report `report(key, inventory, filters, listPackages)` gives, built from a stored match of `versionId`
   * (its `listing` is needed when `listPackages`): no inventory is read and nothing is matched. Cached as `report`.
   */
  reportStored(key: InventoryKey, versionId: string, stored: StoredRow, filters: ReportFilters, listPackages: boolean): Promise<ScanReport>;
  /** When the database in use was built (ISO time). */
  builtAt(): string;
  /**
   * The version the fleet index files findings under: the database's build time, its schema and this
   * Dredge's version (a new matcher finds other things in the same database). Sorts by build time.
   */
  version(): string;
  /** What reports say about the database in use: build time, schema, stale. */
  info(): ScanDatabase["info"];
  /** Starts an update in the background unless one is running; false when one was. The promise settles when it ends. */
  update(): { started: boolean; done: Promise<void> };
  updateState(): UpdateState;
  /** Hear of database switches (one listener; the monitor). */
  onSwitch(listener: SwitchListener | undefined): void;
  /**
   * Calls the switch listener with the generation kept before the database in use and that database, when an
   * update installed it while the server was stopped (the kept generation: src/db/distribution/layout.ts).
   * False when there is none (a `--db` file, no kept generation, no listener) or it cannot be opened.
   */
  replayPreviousSwitch(): Promise<boolean>;
  forget(digest: string): void;
  close(): Promise<void>;
}

/**
 * Reports kept in memory. Each holds its findings and the inventory parts reports read (~100–200 KB of heap for
 * the test image): 1,000 took the server past its 300 MB budget under a random-image load, while repeated reads
 * of the same image (a dashboard, a CI job polling) need a few. Default queries, Harbor reports and verdicts are
 * served from stored rows, not from here.
 */
const MAX_ENTRIES = 200;

interface Held {
  db: ScanDatabase;
  /**
   * `db` with its store's reads (src/db/cached-store.ts) and its package findings (src/scan/package-matches.ts)
   * kept across inventories: what matching uses. Both go with the database when it is switched.
   */
  fast: ScanDatabase;
  users: number;
  retired: boolean;
}

const hold = (db: ScanDatabase): Held => ({ db, fast: { ...db, store: cachedStore(db.store), packageMatches: packageMatchCache() }, users: 0, retired: false });

const versionOf = (db: ScanDatabase): string => `${db.info.builtAt}|${db.info.schemaVersion}|${dredgeVersion()}`;

/** The database with a store that records every (namespace, package) looked up. */
function recording(db: ScanDatabase): { db: ScanDatabase; keys: () => MatchKey[] } {
  const seen = new Map<string, MatchKey>();
  const store = db.store;
  const wrapped: ScanDatabase["store"] = {
    lookup: (ns, name) => {
      const k = `${ns}\u0000${name}`;
      if (!seen.has(k)) seen.set(k, [ns, name]);
      return store.lookup(ns, name);
    },
    vulnerability: (id) => store.vulnerability(id),
    aliasGroup: (id) => store.aliasGroup(id),
    kev: (id) => store.kev(id),
    fixSince: (ns, name, id) => store.fixSince?.(ns, name, id),
    epss: (id) => store.epss(id),
    metadata: () => store.metadata(),
    namespaces: () => store.namespaces(),
    close: () => undefined,
  };
  return { db: { ...db, store: wrapped }, keys: () => [...seen.values()] };
}

const unsuppressed = (report: ScanReport): VulnerabilityFinding[] => report.targets.flatMap((t) => t.vulnerabilities).filter((f) => !f.suppressed);

/** The kept generation before the database in use, opened like it (only what a switch listener reads is real). */
async function openPrevious(current: ScanDatabase, hooks: ScanHooks): Promise<ScanDatabase | undefined> {
  const prev = await readPrevious(hooks.cacheDir, hooks.logger);
  if (!prev || prev.builtAt === current.info.builtAt) return undefined;
  const store = openAdvisoryStore(prev.paths);
  const { staleWarning: _stale, ...base } = current;
  return { ...base, store, namespaces: new Set(store.namespaces()), info: { builtAt: prev.builtAt, schemaVersion: store.metadata().schemaVersion }, close: () => store.close() };
}

export async function openFindings(options: ScanOptions, hooks: ScanHooks): Promise<FindingsService> {
  // Updates of the installed database keep the generation they replace: the delta of an update made while the server was stopped.
  if (options.db === undefined) await keepPreviousDatabase(hooks.cacheDir);
  let current: Held = hold(await openScanDatabase(options, hooks));
  const cache = new Map<string, ScanReport>();
  const none = { secrets: [], misconfigs: [], licenses: [] };
  const allOptions: ScanOptions = { ...options, severity: [...severities], ignoreUnfixed: false, ignoreStatus: [], pkgTypes: [...packageClasses], offline: true };
  const stop = new AbortController();
  const disabled = options.db !== undefined ? "the server uses a database file (--db)" : options.offline ? "the server runs --offline" : null;
  let running: Promise<void> | undefined;
  let switchListener: SwitchListener | undefined;
  let lastAttempt: UpdateAttempt | null = null;

  const remember = (key: string, report: ScanReport) => {
    cache.set(key, report);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  };

  const release = (held: Held) => {
    held.users--;
    if (held.retired && held.users === 0) held.db.close();
  };

  async function runUpdate(): Promise<void> {
    const attempt: UpdateAttempt = { startedAt: new Date().toISOString(), finishedAt: null, updated: false, error: null };
    lastAttempt = attempt;
    try {
      const { username, password, insecure } = options;
      const result = await updateDatabase({
        username, password, insecure, dockerConfigDir: hooks.dockerConfigDir, cacheDir: hooks.cacheDir, repository: options.dbRepository ?? DEFAULT_DB_REPOSITORY,
        namespaces: options.dbNamespaces, logger: hooks.logger, signal: stop.signal,
      });
      if (result.installed.info.builtAt !== current.db.info.builtAt || result.updated) {
        const next = await openScanDatabase({ ...options, skipDbUpdate: true }, { ...hooks, signal: stop.signal });
        const old = current;
        if (switchListener) {
          old.users++;
          try {
            await switchListener(old.db, next, { previous: versionOf(old.db), next: versionOf(next) });
          } catch (err) {
            hooks.logger.warn("planning the re-evaluation of the new database failed", { error: errorMessage(err) });
          } finally {
            old.users--;
          }
        }
        current = hold(next);
        cache.clear();
        old.retired = true;
        if (old.users === 0) old.db.close();
        attempt.updated = true;
        hooks.logger.info("vulnerability database switched", { builtAt: next.info.builtAt, previous: old.db.info.builtAt });
      }
    } catch (err) {
      attempt.error = errorMessage(err);
      hooks.logger.warn("vulnerability database update failed; the database in use is kept", { error: attempt.error });
    } finally {
      attempt.finishedAt = new Date().toISOString();
    }
  }

  return {
    async report({ digest, storedAt }, inventory, filters, listPackages) {
      const held = current;
      const key = JSON.stringify([digest, storedAt, held.db.info.builtAt, filters, listPackages]);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      held.users++;
      try {
        const report = await scanInventory(inventory, { ...options, ...filters }, hooks, { db: held.fast, other: none, listPackages });
        if (held === current) remember(key, report);
        return report;
      } finally {
        release(held);
      }
    },
    async indexFindings(inventory) {
      const held = current;
      held.users++;
      try {
        const report = await scanInventory(inventory, allOptions, hooks, { db: held.fast, other: none, listPackages: false });
        return unsuppressed(report);
      } finally {
        release(held);
      }
    },
    async indexImage(inventory) {
      const held = current;
      held.users++;
      try {
        const rec = recording(held.fast);
        const match = matchWithDatabase(inventory, rec.db, options.vulnSeveritySource);
        const stored = encodeMatch(inventory, match);
        // The default query's report: exactly what `report(key, inventory, answerFilters, false)` computes.
        const answer = serializeAnswer(await reportInventory(inventory, match, { ...options, ...answerFilters }, hooks, { other: none, listPackages: false }));
        const all = await reportInventory(inventory, match, allOptions, hooks, { other: none, listPackages: false });
        return { version: versionOf(held.db), findings: unsuppressed(all), answer, keys: rec.keys(), report: all, match: stored };
      } finally {
        release(held);
      }
    },
    storedMatch(inventory) {
      const held = current;
      held.users++;
      try {
        return { version: versionOf(held.db), match: encodeMatch(inventory, matchWithDatabase(inventory, held.fast, options.vulnSeveritySource)) };
      } finally {
        release(held);
      }
    },
    async reportStored({ digest, storedAt }, versionId, stored, filters, listPackages) {
      const key = JSON.stringify([digest, storedAt, versionId, filters, listPackages]);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const decoded = decodeMatch(listPackages ? stored : { core: stored.core });
      const { inventory } = decoded;
      // A match kept from the version the image was indexed with names that database: the report names the one in use.
      const match = stored.version !== undefined && stored.version !== versionId && versionId === versionOf(current.db) ? { ...decoded.match, database: current.db.info } : decoded.match;
      const report = await reportInventory(inventory, match, { ...options, ...filters }, hooks, { other: none, listPackages });
      // Not cached when the database was switched meanwhile (the cache was cleared; this is of the old one).
      if (versionId === versionOf(current.db)) remember(key, report);
      return report;
    },
    version: () => versionOf(current.db),
    match(inventory) {
      const held = current;
      held.users++;
      try {
        return matchWithDatabase(inventory, held.fast, options.vulnSeveritySource);
      } finally {
        release(held);
      }
    },
    builtAt: () => current.db.info.builtAt,
    info: () => current.db.info,
    update() {
      if (running) return { started: false, done: running };
      if (disabled) return { started: false, done: Promise.resolve() };
      running = runUpdate().finally(() => (running = undefined));
      return { started: true, done: running };
    },
    onSwitch: (listener) => void (switchListener = listener),
    async replayPreviousSwitch() {
      if (options.db !== undefined || !switchListener) return false;
      const held = current;
      let previous: ScanDatabase | undefined;
      held.users++;
      try {
        previous = await openPrevious(held.db, hooks);
        if (!previous) return false;
        await switchListener(previous, held.db, { previous: versionOf(previous), next: versionOf(held.db) });
        return true;
      } catch (err) {
        hooks.logger.warn("the delta from the previous database could not be computed", { error: errorMessage(err) });
        return false;
      } finally {
        previous?.close();
        release(held);
      }
    },
    updateState: () => ({ disabled, running: running !== undefined, lastAttempt: lastAttempt ? { ...lastAttempt } : null }),
    forget(digest) {
      for (const key of cache.keys()) if (key.startsWith(JSON.stringify([digest]).slice(0, -1))) cache.delete(key);
    },
    async close() {
      stop.abort(new Error("server stopping"));
      await running;
      current.retired = true;
      if (current.users === 0) current.db.close();
    },
  };
}
