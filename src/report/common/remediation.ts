/**
 * The remediation section's sentences, shared by the human formats (table, markdown, html): one upgrade per
 * package, then where the findings come from (base image or the layers on top) and the base-image advice.
 */
import type { BaseAdvice, PackageAdvice, ScanReport } from "../../model/finding.js";

/** How a format marks up the variable parts of a sentence (escaping included); plain text by default. */
export interface AdviceStyle {
  name(s: string): string;
  version(s: string): string;
  target(s: string): string;
  note(s: string): string;
}

const plain: AdviceStyle = { name: (s) => s, version: (s) => s, target: (s) => s, note: (s) => s };

/** Whether the report has anything to advise. */
export const hasAdvice = (report: ScanReport): boolean =>
  report.remediation !== undefined && (report.remediation.packages.length > 0 || report.remediation.base !== undefined);

/** `upgrade openssl from 3.0.11-1 to 3.0.15-1 (fixes 4, 1 without a fix)` */
export function upgradeLine(p: PackageAdvice, style: AdviceStyle = plain): string {
  const unfixed = p.unfixed ? style.note(`, ${p.unfixed} without a fix`) : "";
  return `upgrade ${style.name(p.name)} from ${style.version(p.installed)} to ${style.target(p.upgradeTo)} (fixes ${p.fixes}${unfixed})`;
}

/** Where the findings come from, then the advice (when the base image is where the fixes are). */
export function baseLines(b: BaseAdvice): string[] {
  const summary = `${b.fromBase} finding(s) come from the base image's ${b.baseLayers} layer(s), ${b.fromTop} from the layers added on top`;
  return b.advice ? [summary, b.advice] : [summary];
}
