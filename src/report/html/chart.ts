/** The inline SVG bar chart of finding counts per severity. */
import { severities, type Severity } from "../../model/finding.js";
import type { SeverityCounts } from "../common/severity.js";
import { maxOf } from "../../util/array.js";

export const severityColors: Record<Severity, string> = {
  CRITICAL: "#b3123e", HIGH: "#e0541b", MEDIUM: "#d9a300", LOW: "#2f78c4", NEGLIGIBLE: "#8a8f98", UNKNOWN: "#6b7078",
};

export function severityChart(counts: SeverityCounts): string {
  const max = maxOf(severities.map((s) => counts[s]), 1);
  const barMax = 360;
  const rowH = 26;
  const rows = severities.map((s, i) => {
    const w = Math.round((counts[s] / max) * barMax);
    const y = i * rowH;
    return `<g class="bar" data-severity="${s}"><text x="0" y="${y + 17}">${s}</text>` +
      `<rect x="100" y="${y + 4}" width="${w}" height="18" rx="3" fill="${severityColors[s]}"/>` +
      `<text x="${108 + w}" y="${y + 17}">${counts[s]}</text></g>`;
  });
  const h = severities.length * rowH;
  return `<svg class="chart" role="img" aria-label="Findings by severity" width="520" height="${h}" viewBox="0 0 520 ${h}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`;
}
