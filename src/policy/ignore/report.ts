/** Applies ignore rules to every kind of finding in a scan report. */
import type { ScanReport, ScanTarget } from "../../model/finding.js";
import { licenseAccessor, misconfigAccessor, secretAccessor, vulnerabilityAccessor } from "./accessors.js";
import { applyIgnores } from "./apply.js";
import type { IgnoreRules } from "./types.js";

/** Returns a new report (targets and suppressed findings copied) and the de-duplicated warnings. */
export function applyIgnoresToReport(
  report: ScanReport,
  rules: IgnoreRules,
  now: Date,
): { report: ScanReport; warnings: string[] } {
  const warnings = new Set<string>();
  const targets = report.targets.map((t): ScanTarget => {
    const v = applyIgnores(t.vulnerabilities, rules, now, vulnerabilityAccessor);
    const m = applyIgnores(t.misconfigurations, rules, now, misconfigAccessor);
    const s = applyIgnores(t.secrets, rules, now, secretAccessor);
    const l = applyIgnores(t.licenses, rules, now, licenseAccessor);
    for (const w of [...v.warnings, ...m.warnings, ...s.warnings, ...l.warnings]) warnings.add(w);
    return { ...t, vulnerabilities: v.findings, misconfigurations: m.findings, secrets: s.findings, licenses: l.findings };
  });
  return { report: { ...report, targets }, warnings: [...warnings] };
}
