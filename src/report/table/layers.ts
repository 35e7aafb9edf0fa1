/** `groupBy: "layer"`: vulnerabilities under the image layer (and its instruction) that brought them. */
import type { ReportLayer, ScanReport } from "../../model/finding.js";
import { visible } from "../common/flat.js";
import { terminalSafe, truncate } from "../common/escape.js";
import { bySeverity, countSeverities, countsLine } from "../common/severity.js";
import { heading, type Colors } from "./style.js";
import { vulnTable, type VulnRow } from "./vulns.js";

const UNKNOWN = -1;

export function layerSections(report: ScanReport, c: Colors, width: number, showSuppressed: boolean): string[] {
  const groups = new Map<number, VulnRow[]>();
  for (const t of report.targets) {
    for (const v of visible(t.vulnerabilities, showSuppressed)) {
      const key = v.package.layer?.index ?? UNKNOWN;
      groups.set(key, [...(groups.get(key) ?? []), { v, target: t.target }]);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => (a === UNKNOWN ? 1 : b === UNKNOWN ? -1 : a - b));
  return keys.map((k) => {
    const rows = groups.get(k)!.sort((a, b) => bySeverity(a.v, b.v));
    const layer = report.artifact.layers.find((l) => l.index === k);
    const createdBy = layer?.createdBy ?? rows.find((r) => r.v.package.layer?.createdBy)?.v.package.layer?.createdBy;
    const title = k === UNKNOWN ? "Layer unknown" : layerTitle(k, layer);
    const lines = [heading(title)];
    if (createdBy) lines.push(`Created by: ${terminalSafe(truncate(createdBy.replace(/\s+/g, " ").trim(), 300))}`);
    lines.push(countsLine(countSeverities(rows.map((r) => r.v))), "", vulnTable(rows, c, width));
    return lines.join("\n");
  });
}

function layerTitle(index: number, l: ReportLayer | undefined): string {
  const parts = [`Layer ${index}`];
  if (l) parts.push(l.diffId);
  if (l?.size !== undefined) parts.push(`(${humanBytes(l.size)}${l.base ? ", base image" : ""})`);
  else if (l?.base) parts.push("(base image)");
  return parts.join(" ");
}

export function humanBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
