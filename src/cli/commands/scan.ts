/** `dredge image TARGET`, `dredge fs DIR`, `dredge rootfs DIR`: the vulnerability scan. */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { applyIgnoresToReport, applyVexToReport, loadIgnoreFile, loadVex } from "../../policy/index.js";
import { openAdvisoryStore } from "../../db/store.js";
import { databaseFor } from "./db.js";
import { DredgeError } from "../../errors.js";
import type { FindingStatus, ScanReport, Severity } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import { isOsPackage } from "../../model/classify.js";
import { filterFindings, failingFindings, parseSeverities, sortFindings } from "../../scan/filter.js";
import { matchInventory } from "../../scan/match.js";
import { baseAdvice, packageAdvice } from "../../scan/remediation.js";
import { buildReport } from "../../scan/report.js";
import type { RunContext } from "../context.js";
import { loadTargets } from "../load.js";
import { findConfigFile, loadConfigDocument } from "../config-file.js";
import { otherFindings, parseScanners, scannerAnalyzers, type OtherFindings } from "../../scan/scanners.js";
import { pathSkipper, patternList, skipOther } from "../../scan/skip.js";
import { needsPackageListing, parseOutputs, writeReports } from "../outputs.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { scanSettings } from "../scan-settings.js";
import { imageSettings } from "../settings.js";
import { version } from "../version.js";
import { baseLayerCount } from "../base-image.js";

type Kind = "image" | "fs" | "rootfs";

const descriptions: Record<Kind, [string, string]> = {
  image: ["<target>", "scan an image (registry, archive, OCI layout, engine) or an SBOM file for vulnerabilities"],
  fs: ["<dir>", "scan a project directory (lockfiles, manifests) for vulnerabilities"],
  rootfs: ["<dir>", "scan a root filesystem directory for vulnerabilities"],
};

export function scanCommands(program: Command, io: Io, holder: { code: number }): void {
  for (const kind of ["image", "fs", "rootfs"] as const) {
    const [arg, description] = descriptions[kind];
    const specs = kind === "image" ? [...imageSettings, ...scanSettings] : scanSettings;
    const cmd = program
      .command(kind)
      .argument(arg, kind === "image" ? "image reference, archive, oci:DIR, daemon:NAME, or SBOM file" : "directory")
      .description(description)
      .option("-f, --format <format[=file]>", "table, json, sarif, cyclonedx, spdx-json, junit, gitlab, markdown, github, html; repeatable (cyclonedx and spdx-json list every package of the scanned --pkg-types when the vuln or license scanner runs)", collect, [])
      .option("-o, --output <file>", "write the (single) report to a file");
    addSettings(cmd, specs);
    cmd.action(runAction(io, specs, (ctx, [target], c) => scan(ctx, kind, target!, c), holder));
  }
}

const collect = (v: string, prev: string[]) => [...prev, v];

async function scan(ctx: RunContext, kind: Kind, target: string, cmd: Command): Promise<number> {
  const st = ctx.settings;
  const opts = cmd.opts<{ format: string[]; output?: string }>();
  const outputs = parseOutputs(opts.format, opts.output);
  const scanners = parseScanners(String(st.scanners));
  const configPath = findConfigFile(cmd.optsWithGlobals<{ config?: string }>().config, ctx.env);
  const doc = loadConfigDocument(configPath);
  const scannerConfig = { secret: doc.secret, license: doc.license, source: configPath };
  const db = scanners.has("vuln") ? await databaseFor(ctx) : undefined;
  const store = db ? openAdvisoryStore(db.paths) : undefined;
  // Package listing (every package, with or without findings): cyclonedx/spdx-json always, json with
  // --list-all-pkgs; only when packages are scanned at all (vuln or license), as Trivy.
  const listAllPackages = st.listAllPkgs === true;
  const listPackages = (scanners.has("vuln") || scanners.has("license")) && needsPackageListing(outputs, listAllPackages);
  try {
    const skip = pathSkipper(patternList(st.skipDirs), patternList(st.skipFiles));
    const loaded = await loadTargets(ctx, kind === "image" ? target : `${kind}:${target}`, scannerAnalyzers(scanners, scannerConfig), skip);
    if (loaded.length > 1 && outputs.some((o) => o.format !== "table")) {
      throw new DredgeError("USAGE", `${target} has ${loaded.length} platforms; machine-readable reports describe one`, { hint: "choose one with --platform os/arch" });
    }
    let failing = 0;
    for (const { inventory: inv, analysis } of loaded) {
      const other = otherFindings(scanners, inv, analysis, scannerConfig);
      const database = db ? { builtAt: db.status.builtAt, schemaVersion: db.status.schemaVersion, stale: db.stale || undefined } : undefined;
      const report = await scanInventory(ctx, inv, store, database, skip ? skipOther(other, skip) : other, listPackages);
      if (db?.stale) report.warnings.unshift(`the vulnerability database was built ${db.status.builtAt} and is stale: findings may be missing (run dredge db update)`);
      // The table shows the report's warnings itself; other formats get them on stderr too.
      if (!outputs.some((o) => o.format === "table" && !o.file)) for (const w of report.warnings) ctx.logger.warn(w);
      await writeReports(ctx, report, outputs, { groupBy: st.groupBy === "layer" ? "layer" : "target", showSuppressed: st.showSuppressed === true, listAllPackages });
      failing += failingFindings(report);
    }
    const exitCode = Number(st.exitCode ?? 0);
    return failing > 0 && exitCode > 0 ? exitCode : 0;
  } finally {
    store?.close();
  }
}

async function scanInventory(
  ctx: RunContext,
  inv: Inventory,
  store: ReturnType<typeof openAdvisoryStore> | undefined,
  database: ScanReport["database"],
  other: OtherFindings,
  listPackages: boolean,
): Promise<ScanReport> {
  const st = ctx.settings;
  const warnings = [...inv.warnings];
  const all = store ? matchInventory(inv, store, (m) => warnings.push(m)) : [];
  const sevs = parseSeverities(String(st.severity));
  const keep = <T extends { severity: Severity }>(list: T[]) => list.filter((f) => sevs.includes(f.severity));
  const others: OtherFindings = { secrets: keep(other.secrets), misconfigs: keep(other.misconfigs), licenses: keep(other.licenses) };
  const pkgClasses = String(st.pkgTypes).split(",").map((x) => (x.trim() === "os" ? "os" : "library"));
  const filtered = filterFindings(all, {
    severities: parseSeverities(String(st.severity)),
    ignoreUnfixed: st.ignoreUnfixed === true,
    ignoreStatuses: typeof st.ignoreStatus === "string" ? (st.ignoreStatus.split(",") as FindingStatus[]) : undefined,
    pkgClasses,
    includeDevDeps: st.includeDevDeps === true,
  });
  const sorted = sortFindings(filtered, st.sort === "risk" ? "risk" : st.sort === "package" ? "package" : "severity");
  const baseLayers = await baseLayerCount(ctx, inv);
  // The listing is of the scanned package classes (--pkg-types), whatever the finding filters keep.
  const packages = listPackages ? inv.packages.filter((p) => pkgClasses.includes(isOsPackage(p) ? "os" : "library")) : undefined;
  const built = buildReport({ inventory: inv, findings: sorted, other: others, tool: { name: "dredge", version: version() }, database, baseLayers, warnings, packages });
  const report = applyPolicy(ctx, built);
  const live = report.targets.flatMap((t) => t.vulnerabilities);
  report.remediation = { packages: packageAdvice(live), base: baseAdvice(report, live) };
  return report;
}

/** --ignorefile (default ./.dredgeignore or ./.dredgeignore.yaml when present) and --vex: mark suppressed findings. */
function applyPolicy(ctx: RunContext, report: ScanReport): ScanReport {
  const st = ctx.settings;
  let out = report;
  const ignorefile = typeof st.ignorefile === "string" ? st.ignorefile : [".dredgeignore", ".dredgeignore.yaml"].find((f) => existsSync(f));
  if (ignorefile) {
    const r = applyIgnoresToReport(out, loadIgnoreFile(ignorefile), new Date());
    out = { ...r.report, warnings: [...r.report.warnings, ...r.warnings] };
  }
  const vexFiles = typeof st.vex === "string" ? st.vex.split(",").map((f) => f.trim()).filter(Boolean) : [];
  if (vexFiles.length) {
    const docs = vexFiles.map((f) => loadVex(f));
    const r = applyVexToReport(out, docs);
    out = { ...r.report, warnings: [...r.report.warnings, ...r.warnings, ...docs.flatMap((d) => d.warnings)] };
  }
  return out;
}
