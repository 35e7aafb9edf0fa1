/**
 * The diff as Markdown for a pull-request comment or a job summary: counts first, then each list in a
 * collapsed <details> block (at most MAX_ROWS rows each; the JSON output has every row).
 */
import { severities, type Severity } from "../../model/finding.js";
import { mdCell } from "../../report/common/escape.js";
import { pushAll } from "../../util/array.js";
import type { ChangedPackage, DiffPackage, DiffVulnerability, ImageDiff } from "../types.js";
import { capped, fixedText, policyLine, severityParts, sideDetails, versionsText } from "./common.js";

const icons: Record<Severity, string> = { CRITICAL: "🟥", HIGH: "🟧", MEDIUM: "🟨", LOW: "🟦", NEGLIGIBLE: "⬜", UNKNOWN: "⬜" };
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/[\r\n]/g, " ")}\``;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function counts(d: ImageDiff): string[] {
  const v = d.summary.vulnerabilities;
  const p = d.summary.packages;
  const bySeverity = severityParts(v.newBySeverity, (s, n) => `${icons[s]} ${n} ${s.toLowerCase()}`);
  const lines = [
    `**Vulnerabilities:** ${v.new} new${bySeverity.length ? ` (${bySeverity.join(", ")})` : ""} · ${v.resolved} resolved · ${v.unchanged} unchanged`,
    `**Packages:** ${p.added} added · ${p.removed} removed · ${p.changed} changed · ${p.unchanged} unchanged`,
  ];
  const policy = policyLine(d);
  if (policy) lines.push(`**Policy:** ${policy}`);
  return lines.map((l, i, all) => (i < all.length - 1 ? `${l}<br>` : l));
}

function vulnerabilityRows(list: readonly DiffVulnerability[]): string[] {
  const { shown, more } = capped(list);
  const rows = shown.map((v) => {
    const id = v.url && /^https?:\/\//.test(v.url) ? `[${mdCell(v.id)}](${v.url.replace(/[()\s<>]/g, encodeURIComponent)})` : mdCell(v.id);
    const kev = v.kev ? " (KEV)" : "";
    return `| ${icons[v.severity]} ${v.severity}${kev} | ${id} | ${mdCell(v.package.name)} | ${mdCell(v.package.type)} | ${mdCell(versionsText(v.package.versions))} | ${mdCell(fixedText(v))} | ${mdCell(v.title)} |`;
  });
  const out = ["| Severity | Vulnerability | Package | Type | Installed | Fixed in | Title |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows];
  if (more) out.push("", `… and ${more} more (see the JSON output).`);
  return out;
}

type PackageRow = { change: string; type: string; name: string; old: string[]; new: string[] };

function packageRows(d: ImageDiff): string[] {
  const all: PackageRow[] = [
    ...d.packages.changed.map((p: ChangedPackage) => ({ change: "changed", type: p.type, name: p.name, old: p.oldVersions, new: p.newVersions })),
    ...d.packages.added.map((p: DiffPackage) => ({ change: "added", type: p.type, name: p.name, old: [], new: p.versions })),
    ...d.packages.removed.map((p: DiffPackage) => ({ change: "removed", type: p.type, name: p.name, old: p.versions, new: [] })),
  ];
  const { shown, more } = capped(all);
  const out = ["| Change | Package | Type | Old | New |", "| --- | --- | --- | --- | --- |",
    ...shown.map((r) => `| ${r.change} | ${mdCell(r.name)} | ${mdCell(r.type)} | ${mdCell(versionsText(r.old))} | ${mdCell(versionsText(r.new))} |`)];
  if (more) out.push("", `… and ${more} more (see the JSON output).`);
  return out;
}

const gateText = (d: ImageDiff): string => (d.gate.severities.length === severities.length ? "any severity" : d.gate.severities.join(", "));

const section = (summary: string, body: string[]): string[] => [`<details><summary>${summary}</summary>`, "", ...body, "", "</details>", ""];

export function renderDiffMarkdown(d: ImageDiff): string {
  const out = [`### Dredge diff: ${code(d.old.name)} → ${code(d.new.name)}`, "", ...counts(d), ""];
  for (const w of d.warnings) out.push(`> **Warning:** ${mdCell(w)}`, "");
  const v = d.vulnerabilities;
  if (v.new.length) pushAll(out, section(`<b>New vulnerabilities (${v.new.length})</b>`, vulnerabilityRows(v.new)));
  if (v.resolved.length) pushAll(out, section(`Resolved vulnerabilities (${v.resolved.length})`, vulnerabilityRows(v.resolved)));
  const p = d.summary.packages;
  if (p.added + p.removed + p.changed > 0) pushAll(out, section(`Package changes (${p.added} added, ${p.removed} removed, ${p.changed} changed)`, packageRows(d)));
  if (v.new.length + v.resolved.length + p.added + p.removed + p.changed === 0) out.push("No differences.", "");
  out.push(`<sub>OLD: ${mdCell(sideDetails(d.old))} · NEW: ${mdCell(sideDetails(d.new))} · ${plural(d.gate.newFindings, "new finding")} at the gate (${gateText(d)})</sub>`, "");
  return out.join("\n");
}
