/**
 * Stored answers: the body of `GET /images/{digest}/vulnerabilities` without filters (the default query), per
 * image and database version, serialised once when the indexer indexes the image (or when a read had to
 * compute it), so that a read is one primary-key row and no inventory is parsed or matched. A row is served
 * only for the database version in use and only while the image's inventory is the one it was computed from
 * (`inventory_at` = `inventories.created_at`, checked in the same statement), so it is never older than either.
 */
import { severities, type ScanReport } from "../../model/finding.js";
import { packageClasses } from "../../model/package.js";
import type { ReportFilters } from "../findings.js";
import { whileInventoryIs } from "../catalog/catalog.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import type { DbVersion } from "./findings-store.js";

/**
 * The filters of the stored answer: what a query without parameters parses to (src/server/http/input.ts
 * `filterQuery`: every severity, both package classes, sorted by severity). A query whose filters differ in
 * any way, order included, is computed.
 */
export const answerFilters: ReportFilters = { severity: [...severities], pkgTypes: [...packageClasses], sort: "severity" };

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
  await q.run("INSERT INTO image_answers (digest, db_version, db_built, inventory_at, answer) VALUES (?, ?, ?, ?, ?)", [
    digest, version.id, version.built, inventoryAt, answer,
  ]);
}

/** Stores an answer a read computed, unless the image's inventory changed since `inventoryAt` or the image is gone. */
export function storeAnswer(db: SqlDatabase, version: DbVersion, digest: string, inventoryAt: number, answer: string): Promise<boolean> {
  return whileInventoryIs(db, digest, inventoryAt, (q) => putAnswer(q, version, digest, inventoryAt, answer));
}

/** The stored answer of the image for `versionId` and its current inventory, if any. */
export async function readAnswer(db: SqlDatabase, versionId: string, digest: string): Promise<string | undefined> {
  const row = await one<{ answer: string }>(
    db,
    `SELECT a.answer FROM image_answers a JOIN inventories v ON v.digest = a.digest AND v.created_at = a.inventory_at
     WHERE a.digest = ? AND a.db_version = ?`,
    [digest, versionId],
  );
  return row?.answer;
}
