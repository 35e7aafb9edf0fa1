/** Markdown for pull-request comments and job summaries (GitHub/GitLab flavoured: tables and <details>). */
import { policyMarkdown } from "./policy.js";
import type { ScanReport, ScanTarget } from "../../model/finding.js";
import { severities } from "../../model/finding.js";
import type { Reporter, ReportOptions } from "../types.js";
import { suppressionLabel, targetFindings, type FlatFinding } from "../common/flat.js";
import { htmlEscape, mdCell } from "../common/escape.js";
import { countSeverities } from "../common/severity.js";
import { incompleteLines } from "../common/incomplete.js";
import { typeIsSaid } from "../common/labels.js";
import { layerCell } from "../common/layer.js";
import { baseLines, hasAdvice, upgradeLine } from "../common/remediation.js";
import { writeText } from "../common/write.js";
import { writeSections, type SectionStyle } from "../multi.js";
import { pushAll } from "../../util/array.js";

const icons: Record<string, string> = { CRITICAL: "🟥", HIGH: "🟧", MEDIUM: "🟨", LOW: "🟦", NEGLIGIBLE: "⬜", UNKNOWN: "⬜" };

export function renderMarkdown(report: ScanReport, options: Pick<ReportOptions, "showSuppressed">): string {
  const show = options.showSuppressed ?? false;
  const perTarget = report.targets.map((t) => ({ t, findings: targetFindings(report, t, show) }));
  const all = perTarget.flatMap((x) => x.findings);
  const a = report.artifact;
  const out = [`## Dredge scan: \`${a.name.replace(/`/g, "'")}\``, ""];
  const meta = [a.os ? `OS ${mdCell(a.os.prettyName ?? `${a.os.family} ${a.os.name}`)}` : "",
    a.imageId ? `image ID \`${a.imageId.replace(/`/g, "").slice(0, 19)}\`` : "",
    report.database ? `database built ${mdCell(report.database.builtAt)}` : ""].filter(Boolean);
  if (meta.length) out.push(meta.join(" · "), "");
  pushAll(out, summary(perTarget)).push("");
  const [headline, ...gaps] = incompleteLines(report.incompleteReasons ?? []);
  if (headline) pushAll(out, [`> **${mdCell(headline)}**`, ...gaps.map((g) => `> - ${mdCell(g)}`), ""]);
  for (const w of report.warnings) out.push(`> **Warning:** ${mdCell(w)}`, "");
  for (const { t, findings } of perTarget) if (findings.length) pushAll(out, details(t, findings)).push("");
  if (all.length === 0) out.push("No findings.", "");
  pushAll(out, remediation(report));
  if (report.policy) pushAll(out, policyMarkdown(report.policy));
  return out.join("\n");
}

function summary(rows: { t: ScanTarget; findings: FlatFinding[] }[]): string[] {
  const counted = rows.map(({ t, findings }) => ({ t, c: countSeverities(findings.filter((f) => !f.suppressed)) }));
  const total = countSeverities(rows.flatMap((r) => r.findings.filter((f) => !f.suppressed)));
  const cols = severities.filter((s) => s !== "NEGLIGIBLE" || total[s] > 0);
  return [
    `| Target | Type | ${cols.map((s) => `${icons[s]} ${s}`).join(" | ")} |`,
    `| --- | --- | ${cols.map(() => "---:").join(" | ")} |`,
    ...counted.map(({ t, c }) => `| ${mdCell(t.target)} | ${mdCell(t.type)} | ${cols.map((s) => c[s]).join(" | ")} |`),
    `| **Total** | | ${cols.map((s) => `**${total[s]}**`).join(" | ")} |`,
  ];
}

function details(t: ScanTarget, findings: FlatFinding[]): string[] {
  const typed = typeIsSaid(t) ? "" : ` (${htmlEscape(t.type)})`;
  const out = [`<details><summary><b>${htmlEscape(t.target)}</b>${typed}: ${findings.length} finding${findings.length === 1 ? "" : "s"}</summary>`, ""];
  const vulns = findings.filter((f) => f.kind === "vulnerability");
  const others = findings.filter((f) => f.kind !== "vulnerability");
  if (vulns.length) {
    out.push("| Package | Vulnerability | Severity | Status | Installed | Fixed | Layer | Title |", "| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const f of vulns) {
      const link = f.url && /^https?:\/\//.test(f.url) ? `[${mdCell(f.id)}](${f.url.replace(/[()\s<>]/g, encodeURIComponent)})` : mdCell(f.id);
      const id = f.kev ? `${link} **KEV**` : link;
      out.push(`| ${mdCell(f.packageName)} | ${id} | ${icons[f.severity]} ${f.severity} | ${mdCell(status(f))} | ${mdCell(f.installed)} | ${mdCell(f.fixed)} | ${mdCell(layerCell(f.layer))} | ${mdCell(f.title)} |`);
    }
    out.push("");
  }
  if (others.length) {
    out.push("| Kind | ID | Severity | Location | Details |", "| --- | --- | --- | --- | --- |");
    for (const f of others) {
      const where = f.kind === "license" && f.packageName ? `${f.packageName} ${f.installed ?? ""}`.trim()
        : f.path ? `${f.path}${f.startLine ? `:${f.startLine}` : ""}` : (f.packageName ?? "");
      out.push(`| ${f.kind} | ${mdCell(f.id)} | ${icons[f.severity]} ${f.severity}${f.suppressed ? ` (${mdCell(suppressionLabel(f.suppressed))})` : ""} | ${mdCell(where)} | ${mdCell(f.message)} |`);
    }
    out.push("");
  }
  out.push("</details>");
  return out;
}

/** The table report's remediation advice as a list. */
function remediation(report: ScanReport): string[] {
  const r = report.remediation;
  if (!r || !hasAdvice(report)) return [];
  const style = { name: (x: string) => `**${mdCell(x)}**`, version: mdCell, target: (x: string) => `**${mdCell(x)}**`, note: mdCell };
  const lines = [...r.packages.map((p) => `- ${upgradeLine(p, style)}`), ...(r.base ? baseLines(r.base).map((l) => `- ${mdCell(l)}`) : [])];
  return ["### Remediation", "", ...lines, ""];
}

const status = (f: FlatFinding) => (f.suppressed ? `${f.status ?? ""} (${suppressionLabel(f.suppressed)})` : (f.status ?? ""));

export const markdownReporter: Reporter = {
  format: "markdown",
  mediaType: "text/markdown",
  fileExtension: ".md",
  write: (report, out, options) => writeText(out, renderMarkdown(report, options)),
  writeMany: (multi, out, options) => writeSections(multi, out, markdownSection, (r) => writeText(out, renderMarkdown(r, options))),
};

/** Several images: one section each under `# Image 1 of 2: NAME (os/arch)`. */
const markdownSection: SectionStyle = { open: (label, i, n) => `${i > 0 ? "\n" : ""}# Image ${i + 1} of ${n}: ${mdCell(label)}\n\n` };
