/**
 * Stored matches: the unfiltered match of an image (`matchWithDatabase`: every finding, the matchers' warnings,
 * the coverage, the database) per database version, with the few parts of its inventory a report reads, so that
 * any filtered `GET …/vulnerabilities` and any `…/report` is built on read by the pipeline's `reportInventory`
 * (filters, sort, suppressions, remediation) without reading the inventory or matching it again.
 *
 * Two deflated JSON columns: `core` (the inventory without its packages, and the match: a few KB) read by every
 * such request, and `listing` (the packages without their file lists) read only by formats that list every
 * package (CycloneDX, SPDX). A row is served only for the database version in use and while the image's
 * inventory is the one it was computed from (`inventory_at` = `inventories.created_at`, in the same statement).
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Inventory } from "../../model/inventory.js";
import type { InventoryMatch } from "../../scan/index.js";
import { whileInventoryIs } from "../catalog/catalog.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import type { DbVersion } from "./findings-store.js";
import { STORED_VERSION } from "./rows.js";

export interface StoredMatch {
  core: Buffer;
  listing: Buffer;
}

export interface MatchRecord {
  /** The inventory as reports read it: `packages` holds the listing when it was read, else nothing. */
  inventory: Inventory;
  match: InventoryMatch;
}

/** Encode before any report is built from `match` (reports annotate its findings: risk scores, suppressions). */
export function encodeMatch(inventory: Inventory, match: InventoryMatch): StoredMatch {
  const { packages, ...rest } = inventory;
  const listed = packages.map(({ files: _files, ...p }) => p);
  // Level 1: a tenth of the default level's CPU for JSON this repetitive, a few per cent larger.
  return { core: deflateRawSync(JSON.stringify({ inventory: rest, match }), { level: 1 }), listing: deflateRawSync(JSON.stringify(listed), { level: 1 }) };
}

/** The record of a stored match; without `listing`, the inventory has no packages (enough for every format that lists none). */
export function decodeMatch(stored: { core: Buffer; listing?: Buffer | undefined }): MatchRecord {
  const core = JSON.parse(inflateRawSync(stored.core).toString("utf8")) as { inventory: Omit<Inventory, "packages">; match: InventoryMatch };
  const packages = stored.listing ? (JSON.parse(inflateRawSync(stored.listing).toString("utf8")) as Inventory["packages"]) : [];
  return { inventory: { ...core.inventory, packages }, match: core.match };
}

/** Writes (replaces) the row; the caller has checked, in the same transaction, that the inventory is still the one at `inventoryAt`. */
export async function putMatch(q: Querier, version: DbVersion, digest: string, inventoryAt: number, stored: StoredMatch): Promise<void> {
  await q.run("DELETE FROM image_matches WHERE digest = ? AND db_version = ?", [digest, version.id]);
  await q.run("INSERT INTO image_matches (digest, db_version, db_built, inventory_at, core, listing) VALUES (?, ?, ?, ?, ?, ?)", [
    digest, version.id, version.built, inventoryAt, stored.core, stored.listing,
  ]);
}

/** Stores a match a read computed, unless the image's inventory changed since `inventoryAt` or the image is gone. */
export function storeMatch(db: SqlDatabase, version: DbVersion, digest: string, inventoryAt: number, stored: StoredMatch): Promise<boolean> {
  return whileInventoryIs(db, digest, inventoryAt, (q) => putMatch(q, version, digest, inventoryAt, stored));
}

export interface ReadMatch {
  inventoryAt: number;
  core: Buffer;
  listing?: Buffer;
  /**
   * The version the row was stored under: another than the one asked for when the image's match was kept from
   * the version it was indexed with (src/server/fleet/rows.ts); its `match.database` then names that one.
   */
  version: string;
}

/** The stored match of the image for `versionId` and its current inventory, if any; `listing` only when asked. */
export async function readMatch(db: SqlDatabase, versionId: string, digest: string, listing: boolean): Promise<ReadMatch | undefined> {
  const row = await one<{ inventory_at: number; core: Buffer; listing?: Buffer; db_version: string }>(
    db,
    `SELECT a.inventory_at, a.db_version, a.core${listing ? ", a.listing" : ""} FROM image_matches a
     JOIN inventories v ON v.digest = a.digest AND v.created_at = a.inventory_at
     WHERE a.digest = ? AND a.db_version IN (?, ${STORED_VERSION}) ORDER BY CASE WHEN a.db_version = ? THEN 0 ELSE 1 END LIMIT 1`,
    [digest, versionId, digest, versionId, versionId, versionId],
  );
  return row ? { inventoryAt: Number(row.inventory_at), core: row.core, version: row.db_version, ...(row.listing ? { listing: row.listing } : {}) } : undefined;
}
