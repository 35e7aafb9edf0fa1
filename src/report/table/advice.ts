/** The remediation section of the table: what to upgrade, and whether a newer base image is the fix. */
import type { ScanReport } from "../../model/finding.js";
import { terminalSafe } from "../common/escape.js";
import { baseLines, hasAdvice, upgradeLine } from "../common/remediation.js";
import { heading, type Colors } from "./style.js";

export function adviceSection(report: ScanReport, c: Colors): string | undefined {
  const r = report.remediation;
  if (!r || !hasAdvice(report)) return undefined;
  const style = { name: (s: string) => c.bold(terminalSafe(s)), version: terminalSafe, target: (s: string) => c.green(terminalSafe(s)), note: c.dim };
  const lines = [heading("Remediation"), ...r.packages.map((p) => upgradeLine(p, style))];
  if (r.base) {
    const [summary, advice] = baseLines(r.base);
    lines.push(summary!);
    if (advice) lines.push(c.yellow(terminalSafe(advice)));
  }
  return lines.join("\n");
}
