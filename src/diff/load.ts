/**
 * `diffTargets`: compare two targets — each an image (any source the scan reads), an SBOM file or a Dredge
 * JSON report — with the scan options of a scan (database, filters, ignore file, VEX, policy). Images and
 * SBOMs are scanned in one session (the database opened once); reports are read as they are, then filtered
 * and suppressed the same way.
 */
import { open } from "node:fs/promises";
import { DredgeError } from "../errors.js";
import type { ScanReport } from "../model/finding.js";
import { sniffFormat, SNIFF_BYTES } from "../sbom-input/index.js";
import { filterFindings } from "../scan/filter.js";
import type { ScanHooks } from "../scan/hooks.js";
import type { InventoryMatchFn } from "../scan/inventory-match.js";
import { checkTarget } from "../scan/load.js";
import type { ScanOptions } from "../scan/options.js";
import { openScanSession, type ScanSession } from "../scan/scan-target.js";
import { applySuppressions } from "../scan/suppress.js";
import { compareSides } from "./compare.js";
import { looksLikeJson, readDredgeReport } from "./report-input.js";
import { sideFromReport, type DiffSide } from "./side.js";
import type { DiffInputKind, ImageDiff } from "./types.js";

/** A target of the comparison and what it was read as. */
export interface DiffInput {
  target: string;
  kind: DiffInputKind;
  /** For SBOMs and reports: the file (without a `sbom:` / `report:` prefix). */
  path?: string;
}

async function head(path: string): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, "r");
    if (!(await fh.stat()).isFile()) return undefined;
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}

/**
 * What `target` is: `report:FILE` and `sbom:FILE` say so; a file that sniffs as an SBOM is one; another file
 * holding JSON is taken for a Dredge report; anything else is an image (reference, archive, layout…).
 */
export async function detectDiffInput(target: string): Promise<DiffInput> {
  const prefixed = /^(report|sbom):(.+)$/.exec(target);
  if (prefixed) return { target, kind: prefixed[1] as "report" | "sbom", path: prefixed[2]! };
  const bytes = await head(target);
  if (bytes && sniffFormat(bytes)) return { target, kind: "sbom", path: target };
  if (bytes && looksLikeJson(bytes)) return { target, kind: "report", path: target };
  return { target, kind: "image" };
}

/** The options of a side's scan: the vulnerability scanner (plus what the policy reads), every package listed. */
const sideScanOptions = (options: ScanOptions): ScanOptions => ({ ...options, scanners: ["vuln"], format: [{ format: "json" }], listAllPkgs: true });

async function scannedReport(session: ScanSession, input: DiffInput, label: string): Promise<ScanReport> {
  const reports = await session.scan(input.kind === "sbom" ? `sbom:${input.path!}` : input.target);
  if (reports.length !== 1) {
    throw new DredgeError("USAGE", `${label} ${input.target} holds ${reports.length} images; a comparison takes one image a side`, {
      hint: "pick one platform with --platform os/arch",
    });
  }
  return reports[0]!;
}

/** A report input, with the scan's filters and suppressions applied as a scan would. */
async function readReport(input: DiffInput, options: ScanOptions, warn: (w: string) => void, label: string): Promise<ScanReport> {
  const raw = await readDredgeReport(input.path!);
  const keep = { severities: options.severity, ignoreUnfixed: options.ignoreUnfixed, ignoreStatuses: options.ignoreStatus, pkgClasses: options.pkgTypes, includeDevDeps: options.includeDevDeps };
  const filtered = { ...raw, targets: raw.targets.map((t) => ({ ...t, vulnerabilities: filterFindings(t.vulnerabilities, keep) })) };
  if (!filtered.targets.some((t) => t.packages !== undefined)) {
    warn(`${label}: the report lists only packages with findings (scan with --list-all-pkgs to list them all): package changes are partial`);
  }
  if (options.policy && !raw.policy) warn(`${label}: the report carries no policy evaluation (scan it with --policy to compare verdicts)`);
  return applySuppressions(filtered, options);
}

/** Warnings of both sides: once when both have it, else prefixed with the side. */
function sideWarnings(old: ScanReport, next: ScanReport): string[] {
  const both = new Set(old.warnings.filter((w) => next.warnings.includes(w)));
  return [...both, ...old.warnings.filter((w) => !both.has(w)).map((w) => `OLD: ${w}`), ...next.warnings.filter((w) => !both.has(w)).map((w) => `NEW: ${w}`)];
}

function databaseWarning(old: ScanReport, next: ScanReport): string | undefined {
  const [a, b] = [old.database?.builtAt, next.database?.builtAt];
  if (!a || !b || a === b) return undefined;
  return `OLD and NEW were matched against different databases (built ${a} and ${b}): some differences may come from the data, not the images`;
}

/**
 * The comparison of `oldTarget` → `newTarget`. `remote`: match on a Dredge server (client mode) instead of a
 * local database. The gate counts new findings of `options.severity` (the severities shown).
 */
export async function diffTargets(oldTarget: string, newTarget: string, options: ScanOptions, hooks: ScanHooks, remote?: InventoryMatchFn): Promise<ImageDiff> {
  const inputs = [await detectDiffInput(oldTarget), await detectDiffInput(newTarget)] as const;
  for (const input of inputs) if (input.kind !== "report") await checkTarget(input.kind === "sbom" ? `sbom:${input.path!}` : input.target);
  const warnings: string[] = [];
  const scans = inputs.some((i) => i.kind !== "report");
  const session = scans ? await openScanSession(sideScanOptions(options), hooks, {}, remote) : undefined;
  try {
    const reports: ScanReport[] = [];
    for (const [i, input] of inputs.entries()) {
      const label = i === 0 ? "OLD" : "NEW";
      reports.push(input.kind === "report" ? await readReport(input, options, (w) => warnings.push(w), label) : await scannedReport(session!, input, label));
    }
    const [old, next] = reports as [ScanReport, ScanReport];
    const dbWarning = databaseWarning(old, next);
    if (dbWarning) warnings.push(dbWarning);
    const sides: [DiffSide, DiffSide] = [sideFromReport(old, oldTarget, inputs[0].kind), sideFromReport(next, newTarget, inputs[1].kind)];
    return compareSides(...sides, { gate: options.severity, warnings: [...sideWarnings(old, next), ...warnings] });
  } finally {
    session?.close();
  }
}
