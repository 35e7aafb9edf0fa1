/**
 * Findings are computed on read: the stored inventory × the vulnerability database the server opened, through
 * the pipeline's `scanInventory` (the CLI's filters, sorts, suppressions and remediation). Results are cached
 * by image digest, when its inventory was stored, database build time and the filters asked, so a report is
 * never older than the database or the inventory and repeated reads are cheap. The cache is bounded (least
 * recently used goes first).
 */
import type { ScanReport } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { matchWithDatabase, openScanDatabase, scanInventory, type InventoryMatch, type ScanDatabase, type ScanHooks, type ScanOptions } from "../scan/index.js";

export type ReportFilters = Partial<Pick<ScanOptions, "severity" | "ignoreUnfixed" | "pkgTypes" | "sort" | "ignoreStatus">>;

/** Which stored inventory a report is of: the image's digest and when its inventory was stored. */
export interface InventoryKey {
  digest: string;
  storedAt: number;
}

export interface FindingsService {
  /** The report of one stored inventory; `listPackages` adds the package listing SBOM-like formats need. */
  report(key: InventoryKey, inventory: Inventory, filters: ReportFilters, listPackages: boolean): Promise<ScanReport>;
  /** Every finding of an inventory, unfiltered (client mode: the client filters and reports). */
  match(inventory: Inventory): InventoryMatch;
  /** When the database in use was built (ISO time). */
  builtAt(): string;
  /** What reports say about the database in use: build time, schema, stale. */
  info(): ScanDatabase["info"];
  forget(digest: string): void;
  close(): void;
}

const MAX_ENTRIES = 1000;

export async function openFindings(options: ScanOptions, hooks: ScanHooks): Promise<FindingsService> {
  const db: ScanDatabase = await openScanDatabase(options, hooks);
  const cache = new Map<string, ScanReport>();
  const none = { secrets: [], misconfigs: [], licenses: [] };
  return {
    async report({ digest, storedAt }, inventory, filters, listPackages) {
      const key = JSON.stringify([digest, storedAt, db.info.builtAt, filters, listPackages]);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const report = await scanInventory(inventory, { ...options, ...filters }, hooks, { db, other: none, listPackages });
      cache.set(key, report);
      if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      return report;
    },
    match: (inventory) => matchWithDatabase(inventory, db),
    builtAt: () => db.info.builtAt,
    info: () => db.info,
    forget(digest) {
      for (const key of cache.keys()) if (key.startsWith(JSON.stringify([digest]).slice(0, -1))) cache.delete(key);
    },
    close: () => db.close(),
  };
}
