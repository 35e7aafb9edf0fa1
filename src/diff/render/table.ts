/** The diff for a terminal: the two sides, the counts, then a table per list (at most MAX_ROWS rows each). */
import { terminalSafe } from "../../report/common/escape.js";
import { colors, heading, makeTable, paintSeverity, type Colors, type Column } from "../../report/table/style.js";
import type { DiffVulnerability, ImageDiff } from "../types.js";
import { capped, fixedText, policyLine, severityParts, sideDetails, versionsText } from "./common.js";

export interface DiffTableOptions {
  color: boolean;
  /** Terminal width (default 160). */
  width?: number;
}

const vulnColumns: Column[] = [
  { head: "Severity", max: 10, keep: true },
  { head: "Vulnerability", max: 22, keep: true },
  { head: "Package", max: 30 },
  { head: "Type", max: 8 },
  { head: "Installed", max: 24 },
  { head: "Fixed in", max: 24 },
  { head: "Title", max: 60, flex: true },
];

function vulnTable(list: readonly DiffVulnerability[], c: Colors, width: number): string {
  const { shown, more } = capped(list);
  const rows = shown.map((v) => [paintSeverity(c, v.severity) + (v.kev ? c.red(" KEV") : ""), v.id, v.package.name, v.package.type,
    versionsText(v.package.versions), fixedText(v), v.title ?? ""].map(terminalSafe));
  const table = makeTable(vulnColumns, rows, width).toString();
  return more ? `${table}\n… and ${more} more (see --format json)` : table;
}

const packageColumns: Column[] = [
  { head: "Change", max: 8, keep: true },
  { head: "Package", max: 40 },
  { head: "Type", max: 8 },
  { head: "Old", max: 40 },
  { head: "New", max: 40, flex: true },
];

function packageTable(d: ImageDiff, width: number): string {
  const rows = [
    ...d.packages.changed.map((p) => ["changed", p.name, p.type, versionsText(p.oldVersions), versionsText(p.newVersions)]),
    ...d.packages.added.map((p) => ["added", p.name, p.type, "—", versionsText(p.versions)]),
    ...d.packages.removed.map((p) => ["removed", p.name, p.type, versionsText(p.versions), "—"]),
  ];
  const { shown, more } = capped(rows);
  const table = makeTable(packageColumns, shown.map((r) => r.map(terminalSafe)), width).toString();
  return more ? `${table}\n… and ${more} more (see --format json)` : table;
}

function header(d: ImageDiff, c: Colors): string {
  const v = d.summary.vulnerabilities;
  const p = d.summary.packages;
  const bySeverity = severityParts(v.newBySeverity, (s, n) => paintSeverity(c, s, `${s}: ${n}`));
  const lines = [
    `${c.bold("OLD:")} ${terminalSafe(d.old.name)} (${terminalSafe(sideDetails(d.old))})`,
    `${c.bold("NEW:")} ${terminalSafe(d.new.name)} (${terminalSafe(sideDetails(d.new))})`,
    `${c.bold("Vulnerabilities:")} ${v.new} new${bySeverity.length ? ` (${bySeverity.join(", ")})` : ""}, ${v.resolved} resolved, ${v.unchanged} unchanged`,
    `${c.bold("Packages:")} ${p.added} added, ${p.removed} removed, ${p.changed} changed, ${p.unchanged} unchanged`,
  ];
  const policy = policyLine(d);
  if (policy) lines.push(`${c.bold("Policy:")} ${policy}`);
  return lines.join("\n");
}

export function renderDiffTable(d: ImageDiff, options: DiffTableOptions): string {
  const c = colors(options.color);
  const width = options.width ?? 160;
  const out = [header(d, c)];
  if (d.warnings.length) out.push(d.warnings.map((w) => c.yellow(`warning: ${terminalSafe(w)}`)).join("\n"));
  const v = d.vulnerabilities;
  if (v.new.length) out.push(`${heading(`New vulnerabilities (${v.new.length})`)}\n${vulnTable(v.new, c, width)}`);
  if (v.resolved.length) out.push(`${heading(`Resolved vulnerabilities (${v.resolved.length})`)}\n${vulnTable(v.resolved, c, width)}`);
  const p = d.summary.packages;
  if (p.added + p.removed + p.changed > 0) out.push(`${heading(`Package changes (${p.added + p.removed + p.changed})`)}\n${packageTable(d, width)}`);
  if (v.new.length + v.resolved.length + p.added + p.removed + p.changed === 0) out.push("No differences.");
  return out.join("\n\n") + "\n";
}
