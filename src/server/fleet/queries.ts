/**
 * The fleet queries, answered from the indexes (never from inventories or scans): images with a
 * vulnerability, images with a package in a version range, and the image list with its finding counts.
 * All of them page with a cursor; finding queries read the rows of one database version.
 */
import { severities, type Severity } from "../../model/finding.js";
import { versContains, type VersRange } from "../../purl/vers/index.js";
import type { ImageRecord } from "../catalog/catalog.js";
import type { PackageKey } from "../catalog/package-index.js";
import type { Row, SqlDatabase } from "../db/sql.js";
import { currentVerdictJoin } from "../catalog/policies.js";
import type { Summary } from "./findings-store.js";
import { rowsOf, rowVersions } from "./rows.js";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const toImage = (r: Row): ImageRecord => ({
  digest: r.digest as string, reference: r.reference as string, registry: (r.registry as string | null) ?? null,
  repo: (r.repo as string | null) ?? null, tag: (r.tag as string | null) ?? null, distro: (r.distro as string | null) ?? null,
  verified: r.verified === 1, firstSeen: r.first_seen as number, lastSeen: r.last_seen as number,
});

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

async function imagesByDigest(db: SqlDatabase, digests: readonly string[]): Promise<Map<string, ImageRecord>> {
  if (digests.length === 0) return new Map();
  const rows = await db.all(`SELECT * FROM images WHERE digest IN (${placeholders(digests.length)})`, digests);
  return new Map(rows.map((r) => [r.digest as string, toImage(r)]));
}

export interface ImageFinding {
  id: string;
  aliases: string[];
  package: { type: string; name: string; purl: string };
  installedVersion: string;
  fixedVersions: string[];
  severity: Severity;
  status: string;
  kev: boolean;
}

/** Images with a finding whose id or alias is `id` (any case), in digest order. */
export async function imagesWithVulnerability(
  db: SqlDatabase, version: string, id: string, after: string | undefined, limit: number,
): Promise<Page<ImageRecord & { findings: ImageFinding[] }>> {
  const match = id.toUpperCase();
  const versions = await rowVersions(db, version);
  const inVersions = `f.db_version IN (${placeholders(versions.length)})`;
  const page = await db.all<{ digest: string }>(
    `SELECT DISTINCT f.digest FROM image_findings f JOIN image_summaries s ON s.digest = f.digest AND s.db_version = ? AND ${rowsOf("s")} = f.db_version
     WHERE ${inVersions} AND f.match_id = ?${after ? " AND f.digest > ?" : ""} ORDER BY f.digest LIMIT ?`,
    [version, ...versions, match, ...(after ? [after] : []), limit + 1],
  );
  const digests = page.slice(0, limit).map((r) => r.digest);
  if (digests.length === 0) return { items: [], nextCursor: null };
  const [rows, images] = await Promise.all([
    db.all(
      `SELECT f.* FROM image_findings f JOIN image_summaries s ON s.digest = f.digest AND s.db_version = ? AND ${rowsOf("s")} = f.db_version
       WHERE ${inVersions} AND f.match_id = ? AND f.digest IN (${placeholders(digests.length)}) ORDER BY f.digest, f.pkg_name, f.purl`,
      [version, ...versions, match, ...digests],
    ),
    imagesByDigest(db, digests),
  ]);
  const byDigest = new Map<string, ImageFinding[]>();
  for (const r of rows) {
    const list = byDigest.get(r.digest as string) ?? [];
    list.push({
      id: r.vuln_id as string, aliases: JSON.parse(r.aliases as string) as string[],
      package: { type: r.pkg_type as string, name: r.pkg_name as string, purl: r.purl as string },
      installedVersion: r.installed as string, fixedVersions: JSON.parse(r.fixed as string) as string[],
      severity: r.severity as Severity, status: r.status as string, kev: r.kev === 1,
    });
    byDigest.set(r.digest as string, list);
  }
  const items = digests.flatMap((d) => {
    const image = images.get(d);
    return image ? [{ ...image, findings: byDigest.get(d) ?? [] }] : [];
  });
  return { items, nextCursor: page.length > limit ? digests[digests.length - 1]! : null };
}

export interface ImagePackage {
  name: string;
  version: string;
  purl: string;
  layer: { index: number; diffId: string | null } | null;
}

/** Rows read per round trip at most while filling a page. */
const PACKAGE_BATCH = 1000;
/** Up to this many matching versions are given to the database as a list; beyond, rows are filtered here. */
const MAX_VERSION_LIST = 500;

/**
 * Which of the package's versions are in the range: each distinct version is checked once (many images share
 * a version), read from the index alone. Undefined: every version (no range, or too many to list).
 */
async function versionsInRange(db: SqlDatabase, key: PackageKey, range: VersRange | undefined): Promise<string[] | undefined> {
  if (!range || range.star) return undefined;
  const rows = await db.all<{ version: string }>("SELECT DISTINCT version FROM image_packages WHERE type = ? AND namespace = ? AND name = ?", [key.type, key.namespace, key.name]);
  const hits = rows.map((r) => r.version).filter((v) => versContains(range, v));
  return hits.length <= MAX_VERSION_LIST ? hits : undefined;
}

/** Images with the package (`key`), optionally only where its version is in `range`, in digest order. */
export async function imagesWithPackage(
  db: SqlDatabase, key: PackageKey, range: VersRange | undefined, after: string | undefined, limit: number,
): Promise<Page<ImageRecord & { packages: ImagePackage[] }>> {
  const versions = await versionsInRange(db, key, range);
  if (versions?.length === 0) return { items: [], nextCursor: null };
  const inList = versions ? ` AND version IN (${placeholders(versions.length)})` : "";
  const check = range && !versions ? (v: string) => versContains(range, v) : () => true;
  const found = new Map<string, ImagePackage[]>();
  // After the page cursor: the next digest; within a page: the next row after (digest, ord).
  let keyset: { sql: string; params: unknown[] } | undefined = after ? { sql: " AND digest > ?", params: [after] } : undefined;
  let batch = limit + 1;
  let more = false;
  for (;;) {
    const rows = await db.all(
      `SELECT digest, ord, name, version, purl, layer_index, layer_diff_id FROM image_packages
       WHERE type = ? AND namespace = ? AND name = ?${inList}${keyset?.sql ?? ""} ORDER BY digest, ord LIMIT ?`,
      [key.type, key.namespace, key.name, ...(versions ?? []), ...(keyset?.params ?? []), batch],
    );
    for (const r of rows) {
      const digest = r.digest as string;
      if (!check(r.version as string)) continue;
      if (!found.has(digest) && found.size === limit) {
        more = true;
        break;
      }
      const list = found.get(digest) ?? [];
      list.push({
        name: r.name as string, version: r.version as string, purl: r.purl as string,
        layer: r.layer_index === null || r.layer_index === undefined ? null : { index: r.layer_index as number, diffId: (r.layer_diff_id as string | null) ?? null },
      });
      found.set(digest, list);
    }
    if (more || rows.length < batch) break;
    const last = rows[rows.length - 1]!;
    keyset = { sql: " AND (digest > ? OR (digest = ? AND ord > ?))", params: [last.digest, last.digest, last.ord] };
    batch = Math.min(batch * 2, PACKAGE_BATCH);
  }
  const digests = [...found.keys()];
  const images = await imagesByDigest(db, digests);
  const items = digests.flatMap((d) => {
    const image = images.get(d);
    return image ? [{ ...image, packages: found.get(d)! }] : [];
  });
  return { items, nextCursor: more ? digests[digests.length - 1]! : null };
}

/** Images whose packages are not in the package index yet (stored before it existed; the indexer adds them). */
export async function packagesPending(db: SqlDatabase): Promise<number> {
  return (await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM images WHERE packages_indexed = 0"))[0]?.n ?? 0;
}

export interface ListQuery {
  registry?: string | undefined;
  repo?: string | undefined;
  tag?: string | undefined;
  severity?: Severity | undefined;
  kev?: boolean | undefined;
  fixable?: boolean | undefined;
  /** Only verified images (scanned by Dredge), or only unverified ones (uploads); absent: both. */
  verified?: boolean | undefined;
  /**
   * The active policy's revision: each image gets its current stored verdict (`verdict`: GO, WARN, STOP, or null
   * while none is stored), and `verdict` filters by it.
   */
  policy?: string | undefined;
  /** Only images whose current verdict is this one; `unknown`: those without one (not evaluated yet, unverified). */
  verdict?: VerdictFilter | undefined;
  sort: "digest" | "risk";
  cursor?: string | undefined;
  limit: number;
}

export const verdictFilters = ["GO", "WARN", "STOP", "unknown"] as const;
export type VerdictFilter = (typeof verdictFilters)[number];

const columns: Record<Severity, string> = { CRITICAL: "critical", HIGH: "high", MEDIUM: "medium", LOW: "low", NEGLIGIBLE: "negligible", UNKNOWN: "unknown" };

/** The risk cursor: the last item's (kev, critical, high, digest). */
type RiskKey = [number, number, number, string];

export function encodeRiskCursor(k: RiskKey): string {
  return Buffer.from(JSON.stringify(k)).toString("base64url");
}

export function decodeRiskCursor(text: string): RiskKey | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    const ok = Array.isArray(v) && v.length === 4 && v.slice(0, 3).every((n) => Number.isSafeInteger(n)) && typeof v[3] === "string";
    return ok ? (v as RiskKey) : undefined;
  } catch {
    return undefined;
  }
}

const summaryOf = (r: Row): Summary | null =>
  r.s_digest === null || r.s_digest === undefined
    ? null
    : {
        counts: Object.fromEntries(severities.map((s) => [s, r[columns[s]] as number])) as Record<Severity, number>,
        kev: r.kev_count as number,
        fixable: r.fixable as number,
      };

/**
 * The image list with each image's finding counts for `version` (null while it is pending). Finding filters
 * and `sort=risk` (most KEV findings, then critical, then high first) read the summaries, so they list
 * indexed images only. `cursor` is the last digest (digest order) or an opaque risk key.
 */
export async function listImages(
  db: SqlDatabase, version: string, q: ListQuery, risk?: RiskKey,
): Promise<Page<ImageRecord & { summary: Summary | null; verdict?: string | null }>> {
  const where: string[] = [];
  const params: unknown[] = [version, ...(q.policy !== undefined ? [q.policy, version] : [])];
  const add = (sql: string, ...v: unknown[]) => {
    where.push(sql);
    for (const x of v) params.push(x);
  };
  if (q.registry !== undefined) add("i.registry = ?", q.registry);
  if (q.repo !== undefined) add("i.repo = ?", q.repo);
  if (q.tag !== undefined) add("i.tag = ?", q.tag);
  if (q.severity !== undefined) where.push(`(${severities.slice(0, severities.indexOf(q.severity) + 1).map((s) => `s.${columns[s]} > 0`).join(" OR ")})`);
  if (q.kev) where.push("s.kev > 0");
  if (q.fixable) where.push("s.fixable > 0");
  if (q.verified !== undefined) add("i.verified = ?", q.verified ? 1 : 0);
  if (q.policy !== undefined && q.verdict === "unknown") where.push("e.digest IS NULL");
  else if (q.policy !== undefined && q.verdict !== undefined) add("e.final_action = ?", q.verdict);
  if (q.sort === "risk") where.push("s.digest IS NOT NULL");
  if (q.sort === "digest" && q.cursor !== undefined) add("i.digest > ?", q.cursor);
  if (q.sort === "risk" && risk) add("(s.kev, s.critical, s.high, s.digest) < (?, ?, ?, ?)", ...risk);
  const order = q.sort === "risk" ? "s.kev DESC, s.critical DESC, s.high DESC, s.digest DESC" : "i.digest";
  const verdict = q.policy !== undefined ? { column: ", e.final_action AS verdict", join: currentVerdictJoin(db.dialect) } : { column: "", join: "" };
  const rows = await db.all(
    `SELECT i.*, s.digest AS s_digest, s.critical, s.high, s.medium, s.low, s.negligible, s.unknown, s.kev AS kev_count, s.fixable${verdict.column}
     FROM images i ${q.sort === "risk" ? "JOIN" : "LEFT JOIN"} image_summaries s ON s.db_version = ? AND s.digest = i.digest ${verdict.join}
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ?`,
    [...params, q.limit + 1],
  );
  const items = rows.slice(0, q.limit).map((r) => ({ ...toImage(r), summary: summaryOf(r), ...(q.policy !== undefined ? { verdict: (r.verdict as string | null) ?? null } : {}) }));
  if (rows.length <= q.limit) return { items, nextCursor: null };
  const last = items[items.length - 1]!;
  const s = last.summary!;
  return { items, nextCursor: q.sort === "risk" ? encodeRiskCursor([s.kev, s.counts.CRITICAL, s.counts.HIGH, last.digest]) : last.digest };
}
