/** Human-readable tables for a terminal: one section per target (or per layer), a severity summary each. */
import type { ScanReport, ScanTarget } from "../../model/finding.js";
import type { Reporter, ReportOptions } from "../types.js";
import { visible } from "../common/flat.js";
import { terminalSafe } from "../common/escape.js";
import { incompleteLines } from "../common/incomplete.js";
import { artifactLabel, targetTitle } from "../common/labels.js";
import { inReportOrder } from "../common/order.js";
import { bySeverity, countSeverities, countsLine } from "../common/severity.js";
import { writeText } from "../common/write.js";
import { adviceSection } from "./advice.js";
import { layerSections } from "./layers.js";
import { licenseTable, misconfigTable, secretTable } from "./others.js";
import { colors, heading, type Colors } from "./style.js";
import { vulnTable } from "./vulns.js";
import { policySection } from "./policy.js";
import { pushAll } from "../../util/array.js";

export const DEFAULT_TABLE_WIDTH = 160;

export function renderTable(report: ScanReport, options: ReportOptions): string {
  const c = colors(options.color);
  const width = options.width ?? DEFAULT_TABLE_WIDTH;
  const out: string[] = [header(report, c)];
  const byLayer = options.groupBy === "layer";
  if (byLayer) pushAll(out, layerSections(report, c, width, options.showSuppressed ?? false));
  for (const t of report.targets) pushAll(out, targetSections(report, t, c, width, options.showSuppressed ?? false, byLayer));
  const hidden = countHidden(report);
  if (hidden > 0 && !options.showSuppressed) out.push(c.dim(`${hidden} suppressed finding${hidden === 1 ? "" : "s"} not shown.`));
  if (out.length === 1) out.push("No findings.");
  const advice = adviceSection(report, c);
  if (advice) out.push(advice);
  if (report.policy) out.push(policySection(report.policy, c, width));
  return out.join("\n\n") + "\n";
}

function header(report: ScanReport, c: Colors): string {
  const a = report.artifact;
  const lines = [`${c.bold(`${artifactLabel(a.type)}:`)} ${terminalSafe(a.name)}`];
  if (a.os) lines.push(`${c.bold("OS:")} ${terminalSafe(a.os.prettyName ?? `${a.os.family} ${a.os.name}`)}${a.os.eol ? c.red(" (end of life)") : ""}`);
  if (a.imageId) lines.push(`${c.bold("Image ID:")} ${a.imageId}`);
  if (report.database) lines.push(`${c.bold("Database:")} built ${report.database.builtAt}${report.database.stale ? c.yellow(" (stale)") : ""}`);
  incompleteLines(report.incompleteReasons ?? []).forEach((l, i) => lines.push(i === 0 ? c.red(c.bold(`WARN ${l}`)) : c.red(`  ${terminalSafe(l)}`)));
  for (const w of report.warnings) lines.push(c.yellow(`WARN ${terminalSafe(w)}`));
  return lines.join("\n");
}

function targetSections(report: ScanReport, t: ScanTarget, c: Colors, width: number, showSuppressed: boolean, byLayer: boolean): string[] {
  // --sort risk|package: the report's order; otherwise by severity
  const vulns = byLayer ? [] : inReportOrder(report, visible(t.vulnerabilities, showSuppressed), (v) => v);
  const misconfigs = visible(t.misconfigurations, showSuppressed).sort(bySeverity);
  // grouped by layer, secrets are listed under their layer (layers.ts)
  const secrets = byLayer ? [] : visible(t.secrets, showSuppressed).sort(bySeverity);
  const licenses = visible(t.licenses, showSuppressed).sort(bySeverity);
  const sections: string[] = [];
  const section = (kind: string, items: { severity: Parameters<typeof bySeverity>[0]["severity"] }[], table: string) =>
    sections.push(`${heading(terminalSafe(targetTitle(t, kind)))}\n${countsLine(countSeverities(items))}\n\n${table}`);
  if (vulns.length || (!byLayer && t.vulnerabilities.length === 0 && (t.class === "os-pkgs" || t.class === "lang-pkgs"))) {
    section("", vulns, vulns.length ? vulnTable(vulns.map((v) => ({ v })), c, width, true) : "No vulnerabilities.");
  }
  if (misconfigs.length) section("misconfigurations", misconfigs, misconfigTable(misconfigs, c, width));
  if (secrets.length) section("secrets", secrets, secretTable(secrets, c, width));
  if (licenses.length) section("licenses", licenses, licenseTable(licenses, c, width));
  return sections;
}

function countHidden(report: ScanReport): number {
  let n = 0;
  for (const t of report.targets) {
    for (const list of [t.vulnerabilities, t.misconfigurations, t.secrets, t.licenses]) n += list.filter((f) => f.suppressed).length;
  }
  return n;
}

export const tableReporter: Reporter = {
  format: "table",
  mediaType: "text/plain",
  fileExtension: ".txt",
  write: (report, out, options) => writeText(out, renderTable(report, options)),
};
