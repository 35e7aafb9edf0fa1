/**
 * Stored answers: the body of `GET /images/{digest}/vulnerabilities` without filters (the default query), per
 * image and database version (deflated), serialised once when the indexer indexes the image (or when a read had to
 * compute it), so that a read is one primary-key row and no inventory is parsed or matched. A row is served
 * only for the database version in use and only while the image's inventory is the one it was computed from
 * (`inventory_at` = `inventories.created_at`, checked in the same statement), so it is never older than either.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { severities, type ScanReport } from "../../model/finding.js";
import { packageClasses } from "../../model/package.js";
import type { ReportFilters } from "../findings.js";
import { whileInventoryIs } from "../catalog/catalog.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import type { DbVersion } from "./findings-store.js";
import { STORED_VERSION } from "./rows.js";

/**
 * The filters of the stored answer: what a query without parameters parses to (src/server/http/input.ts
 * `filterQuery`: every severity, both package classes, sorted by severity). A query whose filters differ in
 * any way, order included, is computed.
 */
export const answerFilters: ReportFilters = { severity: [...severities], pkgTypes: [...packageClasses], sort: "severity" };

/** Bound on an inflated stored answer (its own writes; a row changed under the server fails the read). */
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

/** The answer of `…/vulnerabilities` for a report, without the image's digest (the route puts it first). */
export function answerOf(report: ScanReport) {
  return { database: report.database ?? null, vulnerabilities: report.targets.flatMap((t) => t.vulnerabilities), warnings: report.warnings };
}

/** The stored JSON text of `answerOf(report)`. */
export const serializeAnswer = (report: ScanReport): string => JSON.stringify(answerOf(report));

/** The full response body: `{"digest": …}` followed by the stored answer's fields, in the order the route has always used. */
export const answerBody = (digest: string, stored: string): string => `{"digest":${JSON.stringify(digest)},${stored.slice(1)}`;

/** Writes (replaces) the answer; the caller has checked, in the same transaction, that the inventory is still the one at `inventoryAt`. */
export async function putAnswer(q: Querier, version: DbVersion, digest: string, inventoryAt: number, answer: string): Promise<void> {
  await q.run("DELETE FROM image_answers WHERE digest = ? AND db_version = ?", [digest, version.id]);
  await q.run("INSERT INTO image_answers (digest, db_version, db_built, inventory_at, answer, answer_z) VALUES (?, ?, ?, ?, '', ?)", [
    digest, version.id, version.built, inventoryAt, deflateRawSync(answer, { level: 1 }),
  ]);
}

/** Stores an answer a read computed, unless the image's inventory changed since `inventoryAt` or the image is gone. */
export function storeAnswer(db: SqlDatabase, version: DbVersion, digest: string, inventoryAt: number, answer: string): Promise<boolean> {
  return whileInventoryIs(db, digest, inventoryAt, (q) => putAnswer(q, version, digest, inventoryAt, answer));
}

/** The stored answer's first bytes: `{"database":<info>` (`answerOf`). */
export const answerPrefix = (info: ScanReport["database"] | null): string => `{"database":${JSON.stringify(info ?? null)}`;

const REST = ',"vulnerabilities":';

/**
 * A stored answer with the database it names replaced by `info` (an answer kept from the version an image was
 * indexed with, for a database that changed nothing it contains); undefined when the text is not an answer.
 * Inside JSON strings every quote is escaped, so the first `,"vulnerabilities":` ends the database object.
 */
export function rebaseAnswer(answer: string, info: ScanReport["database"] | null): string | undefined {
  const head = '{"database":';
  const end = answer.indexOf(REST);
  if (!answer.startsWith(head) || end < 0) return undefined;
  try {
    const database: unknown = JSON.parse(answer.slice(head.length, end));
    if (database !== null && typeof database !== "object") return undefined;
  } catch {
    return undefined;
  }
  return answerPrefix(info) + answer.slice(end);
}

/**
 * The stored answer of the image for `versionId` and its current inventory, if any. An answer kept from an
 * earlier version (src/server/fleet/rows.ts) is given naming `info`, the database of `versionId`.
 */
export async function readAnswer(db: SqlDatabase, versionId: string, digest: string, info: ScanReport["database"] | null): Promise<string | undefined> {
  const row = await one<{ answer: string; answer_z: Buffer | null; db_version: string }>(
    db,
    `SELECT a.answer, a.answer_z, a.db_version FROM image_answers a JOIN inventories v ON v.digest = a.digest AND v.created_at = a.inventory_at
     WHERE a.digest = ? AND a.db_version IN (?, ${STORED_VERSION}) ORDER BY CASE WHEN a.db_version = ? THEN 0 ELSE 1 END LIMIT 1`,
    [digest, versionId, digest, versionId, versionId, versionId],
  );
  if (!row) return undefined;
  const answer = row.answer_z ? inflateRawSync(row.answer_z, { maxOutputLength: MAX_ANSWER_BYTES }).toString("utf8") : row.answer;
  return row.db_version === versionId ? answer : rebaseAnswer(answer, info);
}
