/**
 * When each fix first appeared: the `fix_history` table, one row per (namespace, package, vulnerability id)
 * whose records carry a fixed version. Feeds rarely say when a fix was released, so the database keeps its own
 * history (docs/database.md, "Fix history"):
 *
 * - a fix the previous database already had keeps its date and origin (carried forward by every build, full or
 *   incremental, and by `db update`, which keeps the earlier of the installed and the downloaded date);
 * - a fix new to this database takes the release date of the advisory that ships it where the feed states one
 *   (`advisory`: the `published` date of the ALAS, ELSA or SUSE advisory the record lists, of the same source);
 * - otherwise the time of the build that first carries it (`build`).
 *
 * Debian, Ubuntu, Alpine and OSV (whose `published`/`modified` date the advisory, not its fix) carry no fix date:
 * their fixes count from the first build that has them.
 */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import type { AffectedPackage } from "./model.js";

export type FixOrigin = "advisory" | "build";

export interface FixHistoryEntry {
  /** ISO time. */
  since: string;
  origin: FixOrigin;
}

/** Whether a record names a fixed version (listed, or a range's `fixed` event). */
export const recordHasFix = (a: AffectedPackage): boolean =>
  a.fixedVersions.length > 0 || a.ranges.some((r) => r.events.some((e) => e.fixed !== undefined));

/** A feed date as an ISO time (`2024-01-02`, `2024-01-02 21:28` and ISO times read as UTC); undefined when unreadable. */
export function isoDate(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  const utc = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t.replace(" ", "T")}Z` : t;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const earlier = (a: FixHistoryEntry | undefined, b: FixHistoryEntry | undefined): FixHistoryEntry | undefined =>
  !a ? b : !b ? a : b.since < a.since ? b : a;

export interface FixHistoryBuild {
  /** The records of one (namespace, package), as packed. */
  add(namespace: string, pkg: string, records: readonly AffectedPackage[]): void;
  /** Replaces `fix_history` of the database being built with what `add` saw. */
  finish(): void;
}

/**
 * Collects the history while the build packs its records. `previous`: the schema whose `fix_history` is the
 * previous database's (`main` for an incremental build, an attached copy of the old output for a full one);
 * none for a first build. Advisories are read from the database being built (`vulnerabilities`).
 */
export function fixHistoryBuild(db: Db, builtAt: string, previous: string | undefined): FixHistoryBuild {
  db.exec("DROP TABLE IF EXISTS scratch.fix_new; CREATE TABLE scratch.fix_new (namespace TEXT NOT NULL, package TEXT NOT NULL, vuln_id TEXT NOT NULL, since TEXT NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (namespace, package, vuln_id)) WITHOUT ROWID");
  const put = db.prepare("INSERT OR REPLACE INTO scratch.fix_new VALUES (?, ?, ?, ?, ?)");
  const prev = previous ? (db.prepare(`SELECT since, origin FROM ${previous}.fix_history WHERE namespace = ? AND package = ? AND vuln_id = ?`) as Statement<[string, string, string], FixHistoryEntry>) : undefined;
  const published = db.prepare("SELECT published FROM vulnerabilities WHERE id = ? AND source = ?").pluck() as Statement<[string, string], string | null>;
  const released = new Map<string, string | undefined>();
  const advisoryDate = (id: string, source: string): string | undefined => {
    const k = `${id}\0${source}`;
    if (!released.has(k)) {
      if (released.size >= 100_000) released.clear();
      const d = isoDate(published.get(id, source));
      released.set(k, d !== undefined && d <= builtAt ? d : undefined);
    }
    return released.get(k);
  };
  return {
    add(namespace, pkg, records) {
      const found = new Map<string, FixHistoryEntry | undefined>();
      for (const r of records) {
        if (!recordHasFix(r)) continue;
        let best = found.get(r.vulnerabilityId);
        for (const a of r.advisories ?? []) {
          const since = advisoryDate(a, r.source);
          best = earlier(best, since ? { since, origin: "advisory" } : undefined);
        }
        found.set(r.vulnerabilityId, best);
      }
      for (const [id, fromFeed] of found) {
        const known = prev?.get(namespace, pkg, id);
        const e = earlier(known, fromFeed) ?? { since: builtAt, origin: "build" };
        put.run(namespace, pkg, id, e.since, e.origin);
      }
    },
    finish() {
      db.exec("DELETE FROM main.fix_history; INSERT INTO main.fix_history SELECT * FROM scratch.fix_new; DROP TABLE scratch.fix_new");
    },
  };
}

/** Whether a SQLite schema (`main`, an attached name) has a `fix_history` table. */
export function hasFixHistory(db: Db, schema = "main"): boolean {
  return db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = 'fix_history'`).get() !== undefined;
}

/**
 * After `db update` downloaded a shard (`file`): keeps, per fix, the earlier of its date in the downloaded shard
 * and in the installed one (`installed`), so a history survives a publisher that rebuilt from scratch. Only
 * fixes the downloaded shard has are kept. Returns how many dates came from the installed shard.
 */
export function carryFixHistory(file: string, installed: string): number {
  const db = new Database(file);
  try {
    if (!hasFixHistory(db)) return 0;
    db.prepare("ATTACH DATABASE ? AS installed").run(installed);
    if (!hasFixHistory(db, "installed")) return 0;
    return db.prepare(`UPDATE fix_history SET since = o.since, origin = o.origin FROM installed.fix_history o
      WHERE o.namespace = fix_history.namespace AND o.package = fix_history.package AND o.vuln_id = fix_history.vuln_id AND o.since < fix_history.since`).run().changes;
  } finally {
    db.close();
  }
}
