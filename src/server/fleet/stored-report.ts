/**
 * The report of a stored image for some filters, from its stored match for the database in use
 * (src/server/fleet/matches.ts): one row, no inventory read, nothing matched. Without one (not indexed yet for
 * this database, carried forward by the monitor, or stored again), the inventory is matched here and the match
 * stored for the next read. What `…/vulnerabilities`, `…/report`, the Harbor adapter's report and policy
 * verdicts are built from.
 */
import type { ScanReport } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import type { Catalog } from "../catalog/catalog.js";
import type { SqlDatabase } from "../db/sql.js";
import type { FindingsService, ReportFilters } from "../findings.js";
import { dbVersionOf } from "./findings-store.js";
import { decodeMatch, readMatch, storeMatch } from "./matches.js";

export interface StoredReportDeps {
  db: SqlDatabase;
  findings: Pick<FindingsService, "version" | "builtAt" | "storedMatch" | "reportStored">;
  catalog: Pick<Catalog, "getStoredInventory">;
}

export interface StoredReport {
  digest: string;
  /** When the image's inventory was stored. */
  storedAt: number;
  report: ScanReport;
  /**
   * The inventory as policies read it (packages without their file lists, target, OS, layers); only when
   * asked for with `inventory: true`.
   */
  inventory?: Inventory;
}

export interface StoredReportWants {
  /** The report lists every package (CycloneDX, SPDX). */
  listPackages: boolean;
  /** Return the inventory too. */
  inventory?: boolean;
}

/** The report, or undefined when the catalog has no inventory of `digest`. */
export async function storedReport(deps: StoredReportDeps, digest: string, filters: ReportFilters, wants: StoredReportWants): Promise<StoredReport | undefined> {
  const { db, findings } = deps;
  const id = findings.version();
  const row = await readMatch(db, id, digest, wants.listPackages || wants.inventory === true);
  if (row) {
    const key = { digest, storedAt: row.inventoryAt };
    const report = await findings.reportStored(key, id, wants.listPackages ? row : { core: row.core, version: row.version }, filters, wants.listPackages);
    return { digest, storedAt: row.inventoryAt, report, ...(wants.inventory ? { inventory: decodeMatch(row).inventory } : {}) };
  }
  const stored = await deps.catalog.getStoredInventory(digest);
  if (!stored) return undefined;
  const computed = findings.storedMatch(stored.inventory);
  // Matched with another database than the one read above (a switch in between): not stored; the indexer stores the new one.
  if (computed.version === id) await storeMatch(db, dbVersionOf(id, findings.builtAt()), digest, stored.storedAt, computed.match).catch(() => false);
  const key = { digest, storedAt: stored.storedAt };
  const report = await findings.reportStored(key, computed.version, computed.match, filters, wants.listPackages);
  return { digest, storedAt: stored.storedAt, report, ...(wants.inventory ? { inventory: stored.inventory } : {}) };
}
