/**
 * Findings are computed on read: the stored inventory × the vulnerability database the server opened, through
 * the pipeline's `scanInventory` (the CLI's filters, sorts, suppressions and remediation). Results are cached
 * by image digest, database build time and the filters asked, so a report is never older than the database
 * and repeated reads are cheap. The cache is bounded (least recently used goes first).
 */
import { severities, type ScanReport, type VulnerabilityFinding } from "../model/finding.js";
import { packageClasses } from "../model/package.js";
import { version as dredgeVersion } from "../version.js";
import type { Inventory } from "../model/inventory.js";
import { openScanDatabase, scanInventory, type ScanDatabase, type ScanHooks, type ScanOptions } from "../scan/index.js";

export type ReportFilters = Partial<Pick<ScanOptions, "severity" | "ignoreUnfixed" | "pkgTypes" | "sort" | "ignoreStatus">>;

export interface FindingsService {
  /** The report of one stored inventory; `listPackages` adds the package listing SBOM-like formats need. */
  report(digest: string, inventory: Inventory, filters: ReportFilters, listPackages: boolean): Promise<ScanReport>;
  /**
   * Every vulnerability finding of an inventory that is not suppressed (all severities, fixed or not, both
   * package classes; never cached, no registry look-ups): what the fleet index stores.
   */
  indexFindings(inventory: Inventory): Promise<VulnerabilityFinding[]>;
  /** When the database in use was built (ISO time). */
  builtAt(): string;
  /**
   * The version the fleet index files findings under: the database's build time, its schema and this
   * Dredge's version (a new matcher finds other things in the same database). Sorts by build time.
   */
  version(): string;
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
    async report(digest, inventory, filters, listPackages) {
      const key = JSON.stringify([digest, db.info.builtAt, filters, listPackages]);
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
    async indexFindings(inventory) {
      const all = { ...options, severity: [...severities], ignoreUnfixed: false, ignoreStatus: [], pkgTypes: [...packageClasses], offline: true };
      const report = await scanInventory(inventory, all, hooks, { db, other: none, listPackages: false });
      return report.targets.flatMap((t) => t.vulnerabilities).filter((f) => !f.suppressed);
    },
    builtAt: () => db.info.builtAt,
    version: () => `${db.info.builtAt}|${db.info.schemaVersion}|${dredgeVersion()}`,
    info: () => db.info,
    forget(digest) {
      for (const key of cache.keys()) if (key.startsWith(JSON.stringify([digest]).slice(0, -1))) cache.delete(key);
    },
    close: () => db.close(),
  };
}
