/**
 * Reading the monitor's records: an image's change history (newest first, by cursor) and trend points —
 * open findings by severity per database version, summed over the fleet, one repository or one image.
 */
import { DredgeError } from "../../errors.js";
import type { SqlDatabase } from "../db/sql.js";
import type { ImageChange } from "./events.js";

export interface HistoryPage {
  items: (ImageChange & { id: string; runId: string | null })[];
  next: string | null;
}

const encode = (at: number, id: string): string => Buffer.from(JSON.stringify([at, id])).toString("base64url");

function decode(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === "string" && v[1].length <= 100) return [v[0] as number, v[1]];
  } catch {
    // falls through
  }
  throw new DredgeError("USAGE", "invalid cursor", { hint: "pass the `next` value of the previous page" });
}

/** Changes of one image, newest first. */
export async function imageHistory(db: SqlDatabase, digest: string, limit: number, cursor?: string): Promise<HistoryPage> {
  const after = cursor ? decode(cursor) : undefined;
  const rows = await db.all<{ id: string; at: number; run_id: string | null; change: string }>(
    `SELECT id, at, run_id, change FROM image_history WHERE digest = ?${after ? " AND (at < ? OR (at = ? AND id < ?))" : ""}
     ORDER BY at DESC, id DESC LIMIT ?`,
    after ? [digest, after[0], after[0], after[1], limit + 1] : [digest, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, runId: r.run_id, ...(JSON.parse(r.change) as ImageChange) })),
    next: rows.length > limit && last ? encode(Number(last.at), last.id) : null,
  };
}

export interface TrendPoint {
  at: number;
  dbVersion: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  negligible: number;
  unknown: number;
  kev: number;
  images: number;
}

export interface TrendQuery {
  digest?: string;
  repository?: string;
  from?: number;
  to?: number;
}

/** One point per database version with recorded counts, oldest first (at most 1,000: the latest). */
export async function trends(db: SqlDatabase, query: TrendQuery): Promise<TrendPoint[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  filter("t.digest = ?", query.digest);
  filter("t.digest IN (SELECT digest FROM image_tags WHERE repo = ?)", query.repository);
  const fleet = where.length === 0;
  filter(fleet ? "at >= ?" : "t.at >= ?", query.from);
  filter(fleet ? "at <= ?" : "t.at <= ?", query.to);
  const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  // The fleet: the points recorded per database version; one image or repository: summed over its trend rows.
  const rows = fleet
    ? await db.all(`SELECT * FROM trend_points ${clause} ORDER BY at DESC, db_version LIMIT 1000`, params)
    : await db.all(
        `SELECT t.db_version, MIN(t.at) AS at, SUM(t.critical) AS critical, SUM(t.high) AS high, SUM(t.medium) AS medium, SUM(t.low) AS low,
           SUM(t.negligible) AS negligible, SUM(t.unknown) AS unknown, SUM(t.kev) AS kev, COUNT(*) AS images
         FROM image_trends t ${clause} GROUP BY t.db_version ORDER BY MIN(t.at) DESC, t.db_version LIMIT 1000`,
        params,
      );
  return rows
    .map((r) => ({
      at: Number(r.at), dbVersion: r.db_version as string, critical: Number(r.critical), high: Number(r.high), medium: Number(r.medium), low: Number(r.low),
      negligible: Number(r.negligible), unknown: Number(r.unknown), kev: Number(r.kev), images: Number(r.images),
    }))
    .reverse();
}
