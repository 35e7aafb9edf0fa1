/** Helpers shared by the gates: live (unsuppressed) findings, param fields, dates. */
import { z } from "zod";
import type { LicenseClass, MisconfigFinding, SecretFinding, Severity, VulnerabilityFinding } from "../../model/finding.js";
import { severities } from "../../model/finding.js";
import type { PackageType } from "../../model/package.js";
import { wildcardMatcher } from "../glob.js";
import type { Hit, PolicySubject } from "./types.js";

/** The live findings of a report, listed once however many rules read them (reports are not changed once built: suppression copies them). */
const liveCache = new WeakMap<object, VulnerabilityFinding[]>();
export const liveVulnerabilities = (s: PolicySubject): VulnerabilityFinding[] => {
  let list = liveCache.get(s.report);
  if (!list) liveCache.set(s.report, (list = s.report.targets.flatMap((t) => t.vulnerabilities.filter((f) => !f.suppressed))));
  return list;
};
export const liveMisconfigs = (s: PolicySubject): MisconfigFinding[] =>
  s.report.targets.flatMap((t) => t.misconfigurations.filter((f) => !f.suppressed));
export const liveSecrets = (s: PolicySubject): SecretFinding[] => s.report.targets.flatMap((t) => t.secrets.filter((f) => !f.suppressed));

/** Severity rank: CRITICAL 5 … NEGLIGIBLE 1, UNKNOWN 0. */
export const severityRank = (s: Severity): number => (s === "UNKNOWN" ? 0 : severities.length - 1 - severities.indexOf(s));

const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);
export const severityField = z.preprocess(upper, z.enum(severities as [Severity, ...Severity[]]));
export const daysField = z.number().int().min(0).max(100_000);
/** Up to 500 patterns of up to 512 characters each. */
export const patterns = z.array(z.string().min(1).max(512)).min(1).max(500);
export const packageTypeField = z.array(z.string().min(1).max(32)).min(1).max(50).transform((l) => l as PackageType[]);
export const licenseClasses: readonly LicenseClass[] = ["permissive", "weak-copyleft", "strong-copyleft", "network-copyleft", "unknown"];
export const empty = z.strictObject({});

/** A predicate matching any of `list` (wildcards, case-insensitive). */
export function anyOf(list: readonly string[]): (text: string) => boolean {
  const ms = list.map((p) => wildcardMatcher(p, { fold: true }));
  return (text) => ms.some((m) => m(text));
}

const DAY = 86_400_000;

/** Whole days from `date` to `now` (negative in the future); undefined for a missing or bad date. */
const parsedDates = new Map<string, number>();

/** Date.parse, remembered (the same publication dates are read by several rules): bounded. */
function parseDate(date: string): number {
  let t = parsedDates.get(date);
  if (t === undefined) {
    if (parsedDates.size >= 50_000) parsedDates.clear();
    parsedDates.set(date, (t = Date.parse(date)));
  }
  return t;
}

export function daysSince(date: string | undefined, now: Date): number | undefined {
  if (!date) return undefined;
  const t = parseDate(date);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / DAY);
}

/** A hit about a vulnerability finding. */
export function vulnHit(f: VulnerabilityFinding, why: string): Hit {
  return {
    message: `${f.id} (${f.severity}) in ${f.package.name}@${f.installedVersion}: ${why}`,
    findingId: f.id,
    aliases: f.aliases,
    package: f.package.name,
    purl: f.package.purl,
    published: f.published,
  };
}
