/**
 * `scanTarget`: the whole vulnerability scan of a TARGET — read, inventory, match, filter, sort, check
 * (secrets, misconfigurations, licences), suppress (ignore file, VEX), advise — as plain reports, one per
 * image (one per platform with --platform all). Every front end (CLI, server, adapter) calls this.
 */
import type { BaseAdvice, ScanReport, Severity, VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { isOsPackage } from "../model/classify.js";
import { dredgeTool } from "../version.js";
import { baseLayerCount } from "./base-image.js";
import { lookupNewerTags } from "./base-tags.js";
import { coverageOf, coverageWarning } from "./coverage.js";
import { openScanDatabase, type ScanDatabase } from "./database.js";
import { failingFindings, filterFindings, sortFindings } from "./filter.js";
import type { ScanHooks } from "./hooks.js";
import { checkTarget, loadTargets, nothingToScan } from "./load.js";
import { matchInventory } from "./match.js";
import type { ScanOptions } from "./options.js";
import { needsPackageListing } from "./package-list.js";
import { baseAdvice, packageAdvice } from "./remediation.js";
import { buildReport } from "./report.js";
import { otherFindings, scannerAnalyzers, type OtherFindings, type ScannerConfig } from "./scanners.js";
import { pathSkipper, skipOther } from "./skip.js";
import { applySuppressions } from "./suppress.js";

export interface ScanResult {
  /** One report per image of the target. */
  reports: ScanReport[];
  /** Findings left after every filter and suppression that count toward `--exit-code` (all reports). */
  failing: number;
}

/** `checks`: the `secret:` / `license:` sections of the configuration, for those scanners. */
export async function scanTarget(target: string, options: ScanOptions, hooks: ScanHooks, checks: ScannerConfig = {}): Promise<ScanResult> {
  const scanners = new Set(options.scanners);
  await checkTarget(target);
  const db = scanners.has("vuln") ? await openScanDatabase(options, hooks) : undefined;
  // Package listing (every package, with or without findings): cyclonedx/spdx-json always, json with
  // --list-all-pkgs; only when packages are scanned at all (vuln or license), as Trivy.
  const listPackages = (scanners.has("vuln") || scanners.has("license")) && needsPackageListing(options.format, options.listAllPkgs);
  try {
    const skip = pathSkipper(options.skipDirs, options.skipFiles);
    const loaded = await loadTargets(target, options, hooks, scannerAnalyzers(scanners, checks), skip);
    const reports: ScanReport[] = [];
    for (const target of loaded) {
      const { analysis } = target;
      const empty = scanners.has("vuln") || scanners.has("license") ? nothingToScan(target) : undefined;
      const inventory = empty ? { ...target.inventory, warnings: target.inventory.warnings.concat(empty) } : target.inventory;
      const other = otherFindings(scanners, inventory, analysis, checks);
      const report = await scanInventory(inventory, options, hooks, { db, other: skip ? skipOther(other, skip) : other, listPackages });
      reports.push(report);
    }
    return { reports, failing: reports.reduce((n, r) => n + failingFindings(r), 0) };
  } finally {
    db?.close();
  }
}

interface InventoryScan {
  db: ScanDatabase | undefined;
  other: OtherFindings;
  listPackages: boolean;
}

/** Match one inventory and assemble its report (filters, sort, listing, suppressions, remediation). */
export async function scanInventory(inv: Inventory, options: ScanOptions, hooks: ScanHooks, input: InventoryScan): Promise<ScanReport> {
  const { db, other } = input;
  const coverage = db ? coverageOf(inv, { namespaces: db.namespaces, selection: db.ensured.selection }, options.pkgTypes) : undefined;
  const warnings = inv.warnings.concat((coverage ?? []).flatMap((c) => coverageWarning(c, inv.os) ?? []));
  const all = db ? matchInventory(inv, db.store, (m) => warnings.push(m), { severitySources: options.vulnSeveritySource }) : [];
  const keep = <T extends { severity: Severity }>(list: T[]) => list.filter((f) => options.severity.includes(f.severity));
  const others: OtherFindings = { secrets: keep(other.secrets), misconfigs: keep(other.misconfigs), licenses: keep(other.licenses) };
  const pkgClasses = options.pkgTypes;
  const filtered = filterFindings(all, {
    severities: options.severity, ignoreUnfixed: options.ignoreUnfixed, ignoreStatuses: options.ignoreStatus, pkgClasses, includeDevDeps: options.includeDevDeps,
  });
  const sorted = sortFindings(filtered, options.sort);
  const baseLayers = await baseLayerCount(inv, options, hooks);
  // The listing is of the scanned package classes (--pkg-types), whatever the finding filters keep.
  const packages = input.listPackages ? inv.packages.filter((p) => pkgClasses.includes(isOsPackage(p) ? "os" : "library")) : undefined;
  const built = buildReport({ inventory: inv, findings: sorted, other: others, tool: dredgeTool(), database: db?.info, coverage, baseLayers, warnings, packages,
    sortedBy: options.sort, baseImage: baseLayers !== undefined ? options.baseImage : undefined });
  const report = applySuppressions(built, options);
  if (db?.staleWarning) report.warnings.unshift(db.staleWarning);
  const live = report.targets.flatMap((t) => t.vulnerabilities);
  report.remediation = { packages: packageAdvice(live), base: await adviseBase(report, live, options, hooks) };
  return report;
}

/** The base-image advice, with newer tags of the base image's line when its registry answers. */
async function adviseBase(report: ScanReport, live: VulnerabilityFinding[], options: ScanOptions, hooks: ScanHooks): Promise<BaseAdvice | undefined> {
  const base = baseAdvice(report, live);
  if (!base?.fixableInBase || !base.image || !base.tag) return base;
  return baseAdvice(report, live, await lookupNewerTags(base.image, base.tag, options, hooks));
}
