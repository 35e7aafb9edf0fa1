/**
 * `groupBy: "layer"`: vulnerabilities and secrets under the image layer (and its instruction) that brought
 * them; findings without a known layer come last under "Layer unknown".
 */
import type { ReportLayer, ScanReport, SecretFinding } from "../../model/finding.js";
import { visible } from "../common/flat.js";
import { terminalSafe, truncate } from "../common/escape.js";
import { inReportOrder } from "../common/order.js";
import { bySeverity, countSeverities, countsLine } from "../common/severity.js";
import { secretTable } from "./others.js";
import { heading, type Colors } from "./style.js";
import { vulnTable, type VulnRow } from "./vulns.js";

const UNKNOWN = -1;

interface LayerGroup { vulns: VulnRow[]; secrets: SecretFinding[] }

export function layerSections(report: ScanReport, c: Colors, width: number, showSuppressed: boolean): string[] {
  const groups = new Map<number, LayerGroup>();
  const group = (key: number) => {
    const g = groups.get(key) ?? { vulns: [], secrets: [] };
    groups.set(key, g);
    return g;
  };
  for (const t of report.targets) {
    for (const v of visible(t.vulnerabilities, showSuppressed)) group(v.package.layer?.index ?? UNKNOWN).vulns.push({ v, target: t.target });
    for (const s of visible(t.secrets, showSuppressed)) group(s.layer?.index ?? UNKNOWN).secrets.push(s);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === UNKNOWN ? 1 : b === UNKNOWN ? -1 : a - b));
  return keys.map((k) => {
    const { vulns, secrets } = groups.get(k)!;
    inReportOrder(report, vulns, (r) => r.v, true);
    secrets.sort(bySeverity);
    const layer = report.artifact.layers.find((l) => l.index === k);
    const createdBy = layer?.createdBy ?? vulns.find((r) => r.v.package.layer?.createdBy)?.v.package.layer?.createdBy ??
      secrets.find((s) => s.layer?.createdBy)?.layer?.createdBy;
    const title = k === UNKNOWN ? "Layer unknown" : layerTitle(k, layer);
    const lines = [heading(title)];
    if (createdBy) lines.push(`Created by: ${terminalSafe(truncate(createdBy.replace(/\s+/g, " ").trim(), 300))}`);
    lines.push(countsLine(countSeverities([...vulns.map((r) => r.v), ...secrets])));
    if (vulns.length) lines.push("", vulnTable(vulns, c, width));
    if (secrets.length) lines.push("", `Secrets: ${secrets.length}`, secretTable(secrets, c, width));
    return lines.join("\n");
  });
}

function layerTitle(index: number, l: ReportLayer | undefined): string {
  const parts = [`Layer ${index + 1}`];
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
