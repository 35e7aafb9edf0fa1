/** Packs a per-record `affected` table into the per-package `packages` table (./packed.ts). */
import type { Database as Db } from "better-sqlite3";
import { osvAffected } from "../versioning/ranges/osv.js";
import { rowToAffected, type AffectedRow } from "./rows.js";
import { packRecords } from "./packed.js";
import type { AffectedPackage } from "./model.js";
import type { FixHistoryBuild } from "./fix-history.js";

/**
 * OSV lists every affected version next to the ranges that already cover most of them. A listed version
 * the ranges already affect adds nothing to a match, so it is not stored; versions the ranges miss (or that
 * the scheme cannot parse) stay.
 */
export function withoutCoveredVersions(a: AffectedPackage): AffectedPackage {
  const ranges = a.ranges.filter((r) => r.constraint === undefined && r.type !== "git");
  const scheme = ranges.find((r) => r.type === "ecosystem")?.scheme;
  if (a.versions.length === 0 || !scheme) return a;
  const osv = { ranges: ranges.map((r) => ({ type: r.type === "semver" ? "SEMVER" : "ECOSYSTEM", events: r.events })) };
  const covered = (v: string): boolean => {
    try {
      return osvAffected(scheme, v, osv);
    } catch {
      return false;
    }
  };
  const versions = a.versions.filter((v) => !covered(v));
  return versions.length === a.versions.length ? a : { ...a, versions };
}

/** Writes one `to` row per (namespace, package) of `from` (a table with the scratch `affected` layout); `history` sees each package's records. */
export function packAffected(db: Db, from: string, to: string, history?: FixHistoryBuild): void {
  const keys = db.prepare(`SELECT DISTINCT namespace, package FROM ${from}`).raw().all() as [string, string][];
  const rows = db.prepare(`SELECT * FROM ${from} WHERE namespace = ? AND package = ?`);
  const put = db.prepare(`INSERT OR REPLACE INTO ${to} VALUES (?, ?, ?, ?)`);
  for (const [ns, name] of keys) {
    const records = (rows.all(ns, name) as AffectedRow[]).map((r) => withoutCoveredVersions(rowToAffected(r)));
    put.run(ns, name, records.length, packRecords(records));
    history?.add(ns, name, records);
  }
  history?.finish();
}
