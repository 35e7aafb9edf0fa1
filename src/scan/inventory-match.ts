/**
 * Matching split from reporting, so the two can run on different machines (client mode: the runner
 * analyses, a `dredge server` matches). `matchWithDatabase` is the part that needs the vulnerability
 * database: every finding of an inventory (unfiltered, unsorted), the matchers' warnings, and the coverage
 * of every package class. `reportInventory` (scan-target.ts) does the rest where the options are: filters,
 * sort, suppressions, remediation.
 */
import type { CoverageEntry } from "../model/coverage.js";
import type { ScanReport, VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { packageClasses, type PackageClass } from "../model/package.js";
import { coverageOf } from "./coverage.js";
import type { ScanDatabase } from "./database.js";
import { matchInventory } from "./match.js";
import type { ScanOptions } from "./options.js";

export interface InventoryMatch {
  /** Every finding of the inventory, before any filter. */
  findings: VulnerabilityFinding[];
  /** What the matchers warned about (unparsable versions…). */
  warnings: string[];
  /** Coverage of both package classes (`coverageForClasses` keeps those scanned). */
  coverage: CoverageEntry[];
  /** The database matched against. */
  database: NonNullable<ScanReport["database"]>;
  /** Set when that database is stale: a warning for the report. */
  staleWarning?: string;
}

/** An `InventoryMatchFn` runs the match elsewhere (a Dredge server); `scanTarget` then opens no database. */
export type InventoryMatchFn = (inventory: Inventory) => Promise<InventoryMatch>;

/** `severitySources`: `--vuln-severity-source`, whose severity wins (default: the matchers' own choice). */
export function matchWithDatabase(inv: Inventory, db: ScanDatabase, severitySources?: ScanOptions["vulnSeveritySource"]): InventoryMatch {
  const coverage = coverageOf(inv, { namespaces: db.namespaces, selection: db.ensured.selection }, packageClasses);
  const warnings: string[] = [];
  const findings = matchInventory(inv, db.store, (m) => warnings.push(m), severitySources ? { severitySources } : {}, db.packageMatches);
  return { findings, warnings, coverage, database: db.info, ...(db.staleWarning ? { staleWarning: db.staleWarning } : {}) };
}

/**
 * The coverage entries of the scanned package classes: OS entries hold OS packages only, ecosystem and
 * runtime entries library packages only (coverage.ts), so this equals computing coverage for `classes`.
 */
export function coverageForClasses(entries: readonly CoverageEntry[], classes: readonly PackageClass[]): CoverageEntry[] {
  return entries.filter((e) => classes.includes(e.kind === "os" ? "os" : "library"));
}
