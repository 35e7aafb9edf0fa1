/** The HTML report's remediation section: the table report's advice (upgrades, base image), escaped. */
import type { ScanReport } from "../../model/finding.js";
import { htmlEscape as h } from "../common/escape.js";
import { baseLines, hasAdvice, upgradeLine, type AdviceStyle } from "../common/remediation.js";

const style: AdviceStyle = { name: (s) => `<b>${h(s)}</b>`, version: h, target: (s) => `<b>${h(s)}</b>`, note: (s) => `<span class="muted">${h(s)}</span>` };

export function remediationSection(report: ScanReport): string {
  const r = report.remediation;
  if (!r || !hasAdvice(report)) return "";
  const upgrades = r.packages.length ? `<ul>${r.packages.map((p) => `<li>${upgradeLine(p, style)}</li>`).join("")}</ul>` : "";
  const [summary, advice] = r.base ? baseLines(r.base) : [];
  const base = summary ? `<p>${h(summary)}</p>${advice ? `<p class="warn">${h(advice)}</p>` : ""}` : "";
  return `<section id="remediation"><h2>Remediation</h2>${upgrades}${base}</section>`;
}
