/** One self-contained HTML page: image metadata, a severity chart and a sortable, filterable findings table. */
import type { ScanReport } from "../../model/finding.js";
import { severities } from "../../model/finding.js";
import type { Reporter, ReportOptions } from "../types.js";
import { flattenReport, suppressionLabel, type FindingKind, type FlatFinding } from "../common/flat.js";
import { htmlEscape as h } from "../common/escape.js";
import { countSeverities, severityRank } from "../common/severity.js";
import { incompleteLines } from "../common/incomplete.js";
import { layerCell } from "../common/layer.js";
import { writeText } from "../common/write.js";
import { combinedReport, reportLabels } from "../multi.js";
import { css, js } from "./assets.js";
import { severityChart, severityColors } from "./chart.js";
import { remediationSection } from "./remediation.js";

const columns = ["Target", "Kind", "Package / file", "ID", "Severity", "Status", "Installed", "Fixed", "Layer", "Title"];

const kindLabels: Record<FindingKind, string> = { vulnerability: "Vulnerabilities", misconfiguration: "Misconfigurations", secret: "Secrets", license: "Licences" };
const kinds = Object.keys(kindLabels) as FindingKind[];

/** `header`: the page header's content (default: the image's name and metadata). */
export function renderHtml(report: ScanReport, options: Pick<ReportOptions, "showSuppressed">, header?: string): string {
  const findings = flattenReport(report, options.showSuppressed ?? false);
  const counts = countSeverities(findings.filter((f) => !f.suppressed));
  const a = report.artifact;
  const title = `Dredge report: ${a.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title><style>${css}</style></head>
<body><header>${header ?? `<h1>${h(a.name)}</h1>${metadata(report)}`}</header>
<main>
<section><h2>Findings by severity</h2>${severityChart(counts)}</section>
${incompleteSection(report)}
${report.warnings.length ? `<section><h2>Warnings</h2><ul>${report.warnings.map((w) => `<li class="warn">${h(w)}</li>`).join("")}</ul></section>` : ""}
<section><h2>Findings</h2>
<div class="controls"><input id="filter-text" type="search" placeholder="Filter: package, id, title, target…" aria-label="Filter findings">
<select id="filter-kind" aria-label="Kind of finding"><option value="">All kinds</option>${kinds.map((k) => `<option value="${k}">${kindLabels[k]}</option>`).join("")}</select>
<select id="filter-severity" aria-label="Minimum severity"><option value="">All severities</option>${severities.map((s, i) => `<option value="${i}">${s} and above</option>`).join("")}</select>
<span class="muted"><span id="shown">${findings.length}</span> of ${findings.length} shown</span></div>
<table id="findings"><thead><tr>${columns.map((c) => `<th scope="col">${c}</th>`).join("")}</tr></thead>
<tbody>
${findings.map(row).join("\n")}
</tbody></table>
${findings.length ? "" : `<p class="muted">No findings.</p>`}
</section>
${remediationSection(report)}
</main>
<script>${js}</script>
</body></html>
`;
}

function metadata(report: ScanReport): string {
  const a = report.artifact;
  const items: [string, string | undefined][] = [
    ["OS", a.os ? `${a.os.prettyName ?? `${a.os.family} ${a.os.name}`}${a.os.eol ? " (end of life)" : ""}` : undefined],
    ["Platform", a.platform ? [a.platform.os, a.platform.architecture, a.platform.variant].filter(Boolean).join("/") : undefined],
    ["Image ID", a.imageId], ["Digest", a.manifestDigest], ["Tags", a.repoTags.join(", ") || undefined],
    ["Layers", String(a.layers.length)], ["Base image", a.base?.name],
    ["Database", report.database ? `built ${report.database.builtAt}${report.database.stale ? " (stale)" : ""}` : undefined],
    ["Scanned", `${report.createdAt} by ${report.tool.name} ${report.tool.version}`],
  ];
  return `<dl>${items.filter((i) => i[1]).map(([k, v]) => `<dt>${k}</dt><dd>${h(v!)}</dd>`).join("")}</dl>`;
}

function row(f: FlatFinding): string {
  const rank = severityRank(f.severity);
  const link = f.url && /^https?:\/\//.test(f.url) ? `<a href="${h(f.url)}" rel="noopener noreferrer">${h(f.id)}</a>` : h(f.id);
  const id = f.kev ? `${link} <span class="kev" title="${h(kevTitle(f.kev))}">KEV</span>` : link;
  const subject = f.packageName ?? (f.path ? `${f.path}${f.startLine ? `:${f.startLine}` : ""}` : "");
  // secrets: the masked match only, never the secret
  const title = f.kind === "secret" && f.snippet ? `${f.title}: ${f.snippet.trim()}` : f.kind === "misconfiguration" ? f.message : f.title;
  const status = f.suppressed ? `${f.status ?? ""} ${suppressionLabel(f.suppressed)}`.trim() : (f.status ?? "");
  const cells = [
    `<td>${h(f.target.target)}</td>`, `<td>${f.kind}</td>`, `<td>${h(subject)}</td>`, `<td>${id}</td>`,
    `<td class="sev" data-sort="${rank}"><span style="background:${severityColors[f.severity]}">${f.severity}</span></td>`,
    `<td>${h(status)}</td>`, `<td>${h(f.installed ?? "")}</td>`, `<td>${h(f.fixed ?? "")}</td>`,
    `<td class="layer" data-sort="${f.layer ? f.layer.index : ""}"${f.layer?.createdBy ? ` title="${h(f.layer.createdBy)}"` : ""}>${h(layerCell(f.layer))}</td>`,
    `<td>${h(title)}</td>`,
  ];
  return `<tr data-rank="${rank}" data-severity="${f.severity}" data-kind="${f.kind}"${f.suppressed ? ` class="suppressed"` : ""}>${cells.join("")}</tr>`;
}

const kevTitle = (k: NonNullable<FlatFinding["kev"]>) =>
  `Known exploited (CISA KEV), added ${k.dateAdded}${k.dueDate ? `, due ${k.dueDate}` : ""}${k.knownRansomware ? ", used in ransomware" : ""}`;

export const htmlReporter: Reporter = {
  format: "html",
  mediaType: "text/html",
  fileExtension: ".html",
  write: (report, out, options) => writeText(out, renderHtml(report, options)),
  // several images: one page, every image's metadata under its label, one table of all findings (targets labelled)
  writeMany: (multi, out, options) => {
    const labels = reportLabels(multi.reports);
    const combined = combinedReport(multi);
    const header = `<h1>${h(combined.artifact.name)}</h1>${multi.reports.map((r, i) => `<h2>${h(labels[i]!)}</h2>${metadata(r)}`).join("")}`;
    return writeText(out, renderHtml(combined, options, header));
  },
};

function incompleteSection(report: ScanReport): string {
  const [headline, ...gaps] = incompleteLines(report.incompleteReasons ?? []);
  if (!headline) return "";
  return `<section id="inventory-incomplete"><h2>Inventory incomplete</h2><p class="warn">${h(headline)}</p><ul>${gaps.map((g) => `<li class="warn">${h(g)}</li>`).join("")}</ul></section>`;
}
