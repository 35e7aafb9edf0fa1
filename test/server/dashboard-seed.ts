/**
 * Generated history for the dashboard's tests: image_summaries and image_trends rows for past vulnerability-database
 * builds (one row per image per build, with known counts) and the fleet's trend points, as the indexer and the monitor write them for each database.
 */
import type { SqlDatabase } from "../../src/server/db/sql.js";
import type { TrendPoint } from "../../src/server/monitor/history.js";
import { recordFleetPoint } from "../../src/server/monitor/runs.js";

/** A point GET /trends answers (src/server/monitor/history.ts). */
export type SeededPoint = TrendPoint;

const DAY = 86_400_000;
/** The seeded builds: 2021-03-01, -02, -03 (long before any real database of the tests). */
export const seedBuilds = [0, 1, 2].map((n) => ({ dbVersion: `seed-${n + 1}`, at: Date.UTC(2021, 2, 1) + n * DAY }));

/** Counts of image `i` (0-based) in build `n`: findings fall from build to build. */
export function seededCounts(n: number, i: number) {
  return { critical: 5 - n + i, high: 10 - 2 * n, medium: 20 - 3 * n, low: 7, negligible: 1, unknown: n, kev: n === 0 ? 2 : 1, fixable: 3 };
}

/** Inserts the history for `digests`; returns the points GET /trends must answer for them. */
export async function seedHistory(db: SqlDatabase, digests: readonly string[]): Promise<SeededPoint[]> {
  const points: SeededPoint[] = [];
  for (const [n, build] of seedBuilds.entries()) {
    const point: SeededPoint = { at: build.at, dbVersion: build.dbVersion, critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0, kev: 0, images: 0 };
    for (const [i, digest] of digests.entries()) {
      const c = seededCounts(n, i);
      await db.run(
        `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
        [build.dbVersion, build.at, digest, c.critical, c.high, c.medium, c.low, c.negligible, c.unknown, c.kev, c.fixable, build.at],
      );
      // The monitor's trend rows (src/server/monitor/runs.ts), which GET /trends reads.
      await db.run(
        `INSERT INTO image_trends (db_version, at, digest, critical, high, medium, low, negligible, unknown, kev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [build.dbVersion, build.at, digest, c.critical, c.high, c.medium, c.low, c.negligible, c.unknown, c.kev],
      );
      for (const k of ["critical", "high", "medium", "low", "negligible", "unknown", "kev"] as const) point[k] += c[k];
      point.images++;
    }
    await recordFleetPoint(db, build.dbVersion);
    points.push(point);
  }
  return points;
}
