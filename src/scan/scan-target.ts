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
import { coverageWarning } from "./coverage.js";
import { openScanDatabase, type ScanDatabase } from "./database.js";
import { failingFindings, filterFindings, sortFindings } from "./filter.js";
import type { ScanHooks } from "./hooks.js";
import { coverageForClasses, matchWithDatabase, type InventoryMatch, type InventoryMatchFn } from "./inventory-match.js";
import { checkTarget, loadTargets, nothingToScan, type LoadedTarget } from "./load.js";
import type { ScanOptions } from "./options.js";
import { needsPackageListing } from "./package-list.js";
import { baseAdvice, packageAdvice } from "./remediation.js";
import { buildReport } from "./report.js";
import { otherFindings, scannerAnalyzers, type OtherFindings, type ScannerConfig, type ScannerName } from "./scanners.js";
import { pathSkipper, skipOther } from "./skip.js";
import { applySuppressions } from "./suppress.js";
import { pushAll } from "../util/array.js";
import { evaluateScanPolicy, loadScanPolicy, policyFailures, scannersWithPolicy } from "./policy.js";
import type { LoadedPolicy } from "../policy/index.js";
import type { ImageConfig } from "../model/image.js";

export interface ScanResult {
  /** One report per image of the target. */
  reports: ScanReport[];
  /** Findings left after every filter and suppression that count toward `--exit-code` (all reports). */
  failing: number;
  /** With --policy: how many images fail it (STOP; WARN too with --fail-on-warn). */
  policyFailing: number;
}

/**
 * `checks`: the `secret:` / `license:` sections of the configuration, for those scanners. `remote`: match
 * each inventory there (client mode: a Dredge server) instead of opening a local database; everything
 * else (analysis, filters, suppressions, other scanners) runs here all the same.
 */
export async function scanTarget(
  target: string,
  options: ScanOptions,
  hooks: ScanHooks,
  checks: ScannerConfig = {},
  remote?: InventoryMatchFn,
): Promise<ScanResult> {
  await checkTarget(target);
  const session = await openScanSession(options, hooks, checks, remote);
  try {
    return resultOf(await session.scan(target), options.failOnWarn);
  } finally {
    session.close();
  }
}

/** The totals of a run over `reports` (of one target or of several). */
export const resultOf = (reports: ScanReport[], failOnWarn = false): ScanResult =>
  ({ reports, failing: reports.reduce((n, r) => n + failingFindings(r), 0), policyFailing: policyFailures(reports, failOnWarn) });

/** What several scans of one run share: the policy, the scanners, the database (opened once). */
export interface ScanSession {
  /** The reports of one target (one per image). */
  scan(target: string): Promise<ScanReport[]>;
  close(): void;
}

/** Opens what every target of a run shares; `scan` may be called concurrently. Close it when done. */
export async function openScanSession(options: ScanOptions, hooks: ScanHooks, checks: ScannerConfig = {}, remote?: InventoryMatchFn): Promise<ScanSession> {
  const policy = loadScanPolicy(options);
  // The scanners the policy's rules read run too, so none of them is skipped for want of findings.
  const scanners = scannersWithPolicy(options.scanners, policy);
  const db = scanners.has("vuln") && !remote ? await openScanDatabase(options, hooks) : undefined;
  // Package listing (every package, with or without findings): cyclonedx/spdx-json always, json with
  // --list-all-pkgs; only when packages are scanned at all (vuln or license), as Trivy.
  const listPackages = (scanners.has("vuln") || scanners.has("license")) && needsPackageListing(options.format, options.listAllPkgs);
  const skip = pathSkipper(options.skipDirs, options.skipFiles);
  /** What the report needs of a loaded target: the analysis (file tree, layers' results) stays behind. */
  const findings = (target: LoadedTarget) => {
    const { analysis } = target;
    const empty = scanners.has("vuln") || scanners.has("license") ? nothingToScan(target) : undefined;
    const inventory = empty ? { ...target.inventory, warnings: target.inventory.warnings.concat(empty) } : target.inventory;
    const other = otherFindings(scanners, inventory, analysis, checks);
    const config = analysis?.metadata.layers.length ? analysis.metadata.config : undefined;
    return { loadedInventory: target.inventory, inventory, other: skip ? skipOther(other, skip) : other, config };
  };
  const scan = async (target: string): Promise<ScanReport[]> => {
    const loaded: (LoadedTarget | undefined)[] = await loadTargets(target, options, hooks, scannerAnalyzers(scanners, checks), skip);
    const reports: ScanReport[] = [];
    for (let i = 0; i < loaded.length; i++) {
      const { loadedInventory, inventory, other, config } = findings(loaded[i]!);
      // The image's analysis is let go before matching (its file tree alone: ~35 MB for 200,000 files).
      loaded[i] = undefined;
      const match = !scanners.has("vuln") ? undefined : remote ? await remote(loadedInventory) : matchWithDatabase(inventory, db!, options.vulnSeveritySource);
      reports.push(await reportInventory(inventory, match, options, hooks, { other, listPackages, policy, scanners, config }));
    }
    return reports;
  };
  return { scan, close: () => db?.close() };
}

interface InventoryScan {
  db: ScanDatabase | undefined;
  other: OtherFindings;
  listPackages: boolean;
  /** --policy: evaluated on every finding (display filters aside) into `report.policy`. */
  policy?: LoadedPolicy;
  /** The scanners that ran (the policy skips rules reading others). */
  scanners?: ReadonlySet<ScannerName>;
  /** The image config (images only), for the policy's image-config rules. */
  config?: ImageConfig;
}

/** Match one inventory and assemble its report (filters, sort, listing, suppressions, remediation). */
export async function scanInventory(inv: Inventory, options: ScanOptions, hooks: ScanHooks, input: InventoryScan): Promise<ScanReport> {
  const match = input.db ? matchWithDatabase(inv, input.db, options.vulnSeveritySource) : undefined;
  return reportInventory(inv, match, options, hooks, input);
}

/**
 * The report of one inventory from its match (none: the vuln scanner did not run): coverage of the scanned
 * classes, filters, sort, listing, suppressions, remediation. The match may come from another machine.
 */
export async function reportInventory(
  inv: Inventory,
  match: InventoryMatch | undefined,
  options: ScanOptions,
  hooks: ScanHooks,
  input: Omit<InventoryScan, "db">,
): Promise<ScanReport> {
  const { other } = input;
  const coverage = match ? coverageForClasses(match.coverage, options.pkgTypes) : undefined;
  const warnings = inv.warnings.concat((coverage ?? []).flatMap((c) => coverageWarning(c, inv.os) ?? []), match?.warnings ?? []);
  const all = match?.findings ?? [];
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
  const built = buildReport({ inventory: inv, findings: sorted, other: others, tool: dredgeTool(), database: match?.database, coverage, baseLayers, warnings, packages,
    sortedBy: options.sort, baseImage: baseLayers !== undefined ? options.baseImage : undefined });
  const report = applySuppressions(built, options);
  if (match?.staleWarning) report.warnings.unshift(match.staleWarning);
  const live = report.targets.flatMap((t) => t.vulnerabilities);
  report.remediation = { packages: packageAdvice(live), base: await adviseBase(report, live, options, hooks) };
  if (input.policy) {
    report.policy = evaluateScanPolicy({
      policy: input.policy, inventory: inv, matches: all, other, database: match?.database, coverage, config: input.config, scanners: input.scanners ?? new Set(options.scanners), baseLayers,
    }, options);
    // Skipped rules and expired allowlist items: every format shows the report's warnings.
    pushAll(report.warnings, report.policy.warnings);
  }
  return report;
}

/** The base-image advice, with newer tags of the base image's line when its registry answers. */
async function adviseBase(report: ScanReport, live: VulnerabilityFinding[], options: ScanOptions, hooks: ScanHooks): Promise<BaseAdvice | undefined> {
  const base = baseAdvice(report, live);
  if (!base?.fixableInBase || !base.image || !base.tag) return base;
  return baseAdvice(report, live, await lookupNewerTags(base.image, base.tag, options, hooks));
}
