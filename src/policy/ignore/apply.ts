/**
 * Applies ignore rules to findings. A rule matches a finding when its ID is the finding's ID or one of its
 * aliases (a CVE entry suppresses the GHSA finding that aliases it) and every scope it has — paths,
 * purls, packages — matches. Matching rules that have expired do not suppress; each produces one warning.
 * Findings already suppressed are left as they are. The input array and findings are not modified.
 */
import type { Suppression, VulnerabilityFinding } from "../../model/finding.js";
import { matchesGlob } from "../glob.js";
import { idsIntersect } from "../ids.js";
import { purlMatches } from "../purl-match.js";
import { vulnerabilityAccessor, type IgnoreAccessor, type IgnoreSubject, type Suppressible } from "./accessors.js";
import { isExpired } from "./expiry.js";
import type { IgnoreRule, IgnoreRules } from "./types.js";

export interface PolicyResult<T> {
  findings: T[];
  warnings: string[];
}

/** True when the rule's ID and scopes match the finding (expiry is not looked at). */
export function ruleMatches(rule: IgnoreRule, s: IgnoreSubject): boolean {
  if (!idsIntersect([rule.id], s.ids)) return false;
  if (rule.paths && !(s.path !== undefined && rule.paths.some((g) => matchesGlob(s.path as string, g)))) return false;
  const pkg = s.pkg;
  if (rule.purls && !(pkg && rule.purls.some((p) => purlMatches(p, pkg.purl)))) return false;
  if (rule.packages && !(pkg && rule.packages.includes(pkg.name))) return false;
  return true;
}

function suppressionOf(rule: IgnoreRule): Suppression {
  const s: Suppression = { kind: "ignorefile", source: `${rule.file}:${rule.line}` };
  if (rule.reason !== undefined) s.reason = rule.reason;
  if (rule.expires !== undefined) s.expires = rule.expires;
  return s;
}

export function expiredWarning(rule: IgnoreRule): string {
  return `${rule.file}:${rule.line}: ignore entry ${rule.id} expired on ${rule.expires ?? "?"}; it no longer suppresses findings`;
}

/** Without an accessor the findings are vulnerabilities. */
export function applyIgnores(findings: readonly VulnerabilityFinding[], rules: IgnoreRules, now: Date): PolicyResult<VulnerabilityFinding>;
export function applyIgnores<T extends Suppressible>(findings: readonly T[], rules: IgnoreRules, now: Date, accessor: IgnoreAccessor<T>): PolicyResult<T>;
export function applyIgnores<T extends Suppressible>(
  findings: readonly T[],
  rules: IgnoreRules,
  now: Date,
  accessor: IgnoreAccessor<T> = vulnerabilityAccessor as unknown as IgnoreAccessor<T>,
): PolicyResult<T> {
  const relevant = rules.rules.filter((r) => r.category === undefined || r.category === accessor.category);
  const expired = new Set<IgnoreRule>();
  const out = findings.map((f) => {
    if (f.suppressed || relevant.length === 0) return f;
    const subject = accessor.subject(f);
    for (const rule of relevant) {
      if (!ruleMatches(rule, subject)) continue;
      if (rule.expires !== undefined && isExpired(rule.expires, now)) {
        expired.add(rule);
        continue;
      }
      return { ...f, suppressed: suppressionOf(rule) };
    }
    return f;
  });
  return { findings: out, warnings: [...expired].map(expiredWarning) };
}
