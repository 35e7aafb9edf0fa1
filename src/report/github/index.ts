/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.
 * CRITICAL/HIGH → error, MEDIUM → warning, others → notice. Suppressed findings are not annotated.
 */
import type { ScanReport } from "../../model/finding.js";
import type { Reporter, ReportOptions } from "../types.js";
import { flattenReport, type FlatFinding } from "../common/flat.js";
import { incompleteLines } from "../common/incomplete.js";
import { writeText } from "../common/write.js";
import { labelImage, writeSections, type SectionStyle } from "../multi.js";

/** Message data: `%`, CR and LF are percent-encoded. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values: as data, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(f: FlatFinding, imageName: string): string {
  const level = f.severity === "CRITICAL" || f.severity === "HIGH" ? "error" : f.severity === "MEDIUM" ? "warning" : "notice";
  const props: [string, string | number | undefined][] = [
    ["file", f.path?.replace(/^\/+/, "")],
    ["line", f.startLine],
    ["endLine", f.endLine],
    ["title", `${f.id} (${f.severity})${f.packageName ? ` in ${f.packageName} ${f.installed ?? ""}` : ""}`.trim()],
  ];
  const propText = props.filter((p) => p[1] !== undefined && p[1] !== "").map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  const body = [f.message, f.url ? `More: ${f.url}` : "", `Target: ${f.target.target} in ${imageName}`].filter(Boolean).join("\n");
  return `::${level} ${propText}::${escapeData(body)}`;
}

export function githubCommands(report: ScanReport, _options?: Partial<ReportOptions>): string {
  const lines = [
    ...incompleteLines(report.incompleteReasons ?? []).map((l) => `::warning title=dredge inventory incomplete::${escapeData(l)}`),
    ...report.warnings.map((w) => `::warning title=dredge::${escapeData(w)}`),
    ...flattenReport(report, false).map((f) => command(f, report.artifact.name)),
  ];
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export const githubReporter: Reporter = {
  format: "github",
  mediaType: "text/plain",
  fileExtension: ".txt",
  write: (report, out) => writeText(out, githubCommands(report)),
  // several images: a log group per image; each annotation names the image and its platform
  writeMany: (multi, out) => writeSections(multi, out, githubSection, (r, label) => writeText(out, githubCommands(labelImage(r, label)))),
};

const githubSection: SectionStyle = { open: (label, i, n) => `::group::Image ${i + 1} of ${n}: ${escapeData(label)}\n`, close: "::endgroup::\n" };
