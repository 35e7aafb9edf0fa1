/** Helpers shared by the gates: live (unsuppressed) findings, param fields, dates. */
import { z } from "zod";
import type { LicenseClass, MisconfigFinding, SecretFinding, Severity, VulnerabilityFinding } from "../../model/finding.js";
import { severities } from "../../model/finding.js";
import type { PackageType } from "../../model/package.js";
import { wildcardMatcher } from "../glob.js";
import type { Hit, PolicySubject } from "./types.js";

/** A live finding with what every vulnerability rule reads of it, computed once per report. */
export interface LiveVulnerability {
  f: VulnerabilityFinding;
  /** severityRank(f.severity). */
  rank: number;
  /** A fixed version is available. */
  fixable: boolean;
  /** The start of every hit message about it. */
  prefix: string;
  /** Its id and aliases, lower case (for `lowerAnyOf`). */
  ids: string[];
  /** Its publication time (ms), when it has a readable one. */
  publishedAt?: number;
}

/**
 * The live findings of a report, indexed once however many rules (and evaluations) read them: reports are not
 * changed once built (suppression copies them).
 */
const liveCache = new WeakMap<object, LiveVulnerability[]>();
export const liveVulnerabilities = (s: PolicySubject): LiveVulnerability[] => {
  let list = liveCache.get(s.report);
  if (!list) {
    list = [];
    for (const t of s.report.targets) {
      for (const f of t.vulnerabilities) {
        if (f.suppressed) continue;
        const fixable = f.status === "fixed" && f.fixedVersions.length > 0;
        const publishedAt = f.published ? parseDate(f.published) : NaN;
        list.push({
          f, rank: severityRank(f.severity), fixable, prefix: `${f.id} (${f.severity}) in ${f.package.name}@${f.installedVersion}: `,
          ids: [f.id, ...f.aliases].map((x) => x.toLowerCase()), ...(Number.isNaN(publishedAt) ? {} : { publishedAt }),
        });
      }
    }
    liveCache.set(s.report, list);
  }
  return list;
};
export const liveMisconfigs = (s: PolicySubject): MisconfigFinding[] =>
  s.report.targets.flatMap((t) => t.misconfigurations.filter((f) => !f.suppressed));
export const liveSecrets = (s: PolicySubject): SecretFinding[] => s.report.targets.flatMap((t) => t.secrets.filter((f) => !f.suppressed));

const ranks: Readonly<Record<Severity, number>> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, NEGLIGIBLE: 1, UNKNOWN: 0 };

/** Severity rank: CRITICAL 5 … NEGLIGIBLE 1, UNKNOWN 0. */
export const severityRank = (s: Severity): number => ranks[s] ?? 0;

const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);
export const severityField = z.preprocess(upper, z.enum(severities as [Severity, ...Severity[]]));
export const daysField = z.number().int().min(0).max(100_000);
/** Up to 500 patterns of up to 512 characters each. */
export const patterns = z.array(z.string().min(1).max(512)).min(1).max(500);
export const packageTypeField = z.array(z.string().min(1).max(32)).min(1).max(50).transform((l) => l as PackageType[]);
export const licenseClasses: readonly LicenseClass[] = ["permissive", "weak-copyleft", "strong-copyleft", "network-copyleft", "unknown"];
export const empty = z.strictObject({});

/** Predicates compiled once per pattern list (params of a loaded document are never changed). */
const compiledLists = new WeakMap<readonly string[], { lower: (text: string) => boolean; any: (text: string) => boolean }>();

function compiledList(list: readonly string[]): { lower: (text: string) => boolean; any: (text: string) => boolean } {
  let c = compiledLists.get(list);
  if (!c) {
    // Literal patterns are one set lookup; the text is lower-cased once for all patterns.
    const exact = new Set(list.filter((p) => !/[*?[]/.test(p)).map((p) => p.toLowerCase()));
    const ms = list.filter((p) => /[*?[]/.test(p)).map((p) => wildcardMatcher(p.toLowerCase()));
    const lower = (t: string): boolean => exact.has(t) || ms.some((x) => x(t));
    c = { lower, any: (text) => lower(text.toLowerCase()) };
    compiledLists.set(list, c);
  }
  return c;
}

/** A predicate matching any of `list` (wildcards, case-insensitive); compiled once per list object. */
export const anyOf = (list: readonly string[]): ((text: string) => boolean) => compiledList(list).any;

/** `anyOf` for text already in lower case. */
export const lowerAnyOf = (list: readonly string[]): ((lowerText: string) => boolean) => compiledList(list).lower;

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

/** Whole days from a time (ms) to `now`. */
export const daysFrom = (t: number, now: Date): number => Math.floor((now.getTime() - t) / DAY);

/** A hit about a vulnerability finding. */
export function vulnHit({ f, prefix }: LiveVulnerability, why: string): Hit {
  return {
    message: prefix + why,
    findingId: f.id,
    aliases: f.aliases,
    package: f.package.name,
    purl: f.package.purl,
    published: f.published,
  };
}
