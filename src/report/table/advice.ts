/** The remediation section of the table: what to upgrade, and whether a newer base image is the fix. */
import type { ScanReport } from "../../model/finding.js";
import { terminalSafe } from "../common/escape.js";
import { heading, type Colors } from "./style.js";

export function adviceSection(report: ScanReport, c: Colors): string | undefined {
  const r = report.remediation;
  if (!r || (r.packages.length === 0 && !r.base)) return undefined;
  const lines = [heading("Remediation")];
  for (const p of r.packages) {
    const unfixed = p.unfixed ? c.dim(`, ${p.unfixed} without a fix`) : "";
    lines.push(`upgrade ${c.bold(terminalSafe(p.name))} from ${terminalSafe(p.installed)} to ${c.green(terminalSafe(p.upgradeTo))} (fixes ${p.fixes}${unfixed})`);
  }
  const b = r.base;
  if (b) {
    lines.push(`${b.fromBase} finding(s) come from the base image's ${b.baseLayers} layer(s), ${b.fromTop} from the layers added on top`);
    if (b.advice) lines.push(c.yellow(terminalSafe(b.advice)));
  }
  return lines.join("\n");
}
