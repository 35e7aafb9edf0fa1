/** The vulnerability table of the table report, per target or per layer. */
import type { VulnerabilityFinding } from "../../model/finding.js";
import { primaryUrl } from "../common/links.js";
import { terminalSafe } from "../common/escape.js";
import { layerCell } from "../common/layer.js";
import { makeTable, paintSeverity, type Colors, type Column } from "./style.js";

const columns: Column[] = [
  { head: "Package", max: 28 },
  { head: "Vulnerability", max: 20, keep: true },
  { head: "Severity", max: 10, keep: true },
  { head: "Status", max: 16 },
  { head: "Installed", max: 22 },
  { head: "Fixed", max: 22 },
  { head: "Title", max: 80, flex: true },
];

export interface VulnRow {
  v: VulnerabilityFinding;
  /** Target name, shown in an extra first column when grouping by layer. */
  target?: string;
}

/** The layer column: the layer that brought the package in, with a short Dockerfile instruction. */
const layerColumn: Column = { head: "Layer", max: 26 };

/**
 * `withLayer`: a Layer column (not needed when the table is already one layer's). Known-exploited
 * vulnerabilities (CISA KEV) carry a `KEV` mark under their id.
 */
export function vulnTable(rows: VulnRow[], c: Colors, width: number, withLayer = false): string {
  const withTarget = rows.some((r) => r.target !== undefined);
  const layers = withLayer && rows.some((r) => r.v.package.layer !== undefined);
  const cols = [...(withTarget ? [{ head: "Target", max: 28 }] : []), ...columns.slice(0, -1), ...(layers ? [layerColumn] : []), columns.at(-1)!];
  const cells = rows.map(({ v, target }) => {
    const title = [v.title ?? v.description?.split("\n")[0] ?? "", primaryUrl(v) ?? ""].filter(Boolean).join("\n");
    const status = v.suppressed ? `${v.status}\nsuppressed (${v.suppressed.kind})` : v.status;
    const row = [v.package.name, v.id, "", status, v.installedVersion, v.fixedVersions.join(", "), title].map(terminalSafe);
    row[1] = v.kev ? `${row[1]}\n${c.red("KEV")}` : row[1]!;
    row[2] = paintSeverity(c, v.severity);
    if (layers) row.splice(row.length - 1, 0, terminalSafe(layerCell(v.package.layer)));
    return withTarget ? [terminalSafe(target ?? ""), ...row] : row;
  });
  const table = makeTable(cols, cells, width);
  return table.toString();
}
