/** Gate `vulnerabilities`: severity, fixes and their age, KEV, EPSS, CVSS, package types, publication age, ids, database age. */
import { z } from "zod";
import type { Severity, VulnerabilityFinding } from "../../model/finding.js";
import { maxOf } from "../../util/array.js";
import { daysField, daysFrom, daysSince, liveVulnerabilities, lowerAnyOf, packageTypeField, patterns, severityField, severityRank, vulnHit, type LiveVulnerability } from "./common.js";
import { trigger, type FixSince, type Gate, type Hit, type PolicySubject, type TriggerResult } from "./types.js";

/** Every vulnerabilities trigger may be narrowed to some package types (`packageTypes: [deb, npm]`). */
const scope = { packageTypes: packageTypeField.optional() };

/** How the explanation names where a fix date came from. */
const fixOrigin: Record<FixSince["origin"], string> = {
  advisory: "release date of the fixing advisory",
  build: "first database build carrying the fix",
  published: "advisory publication: no fix history in the database",
};

/** Hits for the live findings of the scope that `test` explains (a reason string) or rejects (undefined). */
function findings(s: PolicySubject, types: readonly string[] | undefined, test: (v: LiveVulnerability) => string | undefined): TriggerResult {
  if (!s.scanned.has("vuln")) return { skipped: "the vulnerability scanner did not run" };
  const hits: Hit[] = [];
  for (const v of liveVulnerabilities(s)) {
    if (types && !types.includes(v.f.package.type)) continue;
    const why = test(v);
    if (why !== undefined) hits.push(vulnHit(v, why));
  }
  return { hits };
}

/** `minSeverity` as a rank (0: any). */
const minRank = (min: Severity | undefined): number => (min ? severityRank(min) : 0);

const maxCvss = (f: VulnerabilityFinding, version: string | undefined): number | undefined => {
  const scores = f.cvss.filter((c) => !version || c.version.startsWith(version)).map((c) => c.baseScore);
  return scores.length ? maxOf(scores, 0) : undefined;
};

export const vulnerabilitiesGate: Gate = {
  name: "vulnerabilities",
  description: "vulnerabilities found in the image's packages",
  needs: "vuln",
  grace: true,
  triggers: {
    severity: trigger({
      description: "a vulnerability of at least severity `min` (CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE) and at most `max`; `fixAvailable`: only fixed (true) or unfixed (false) ones",
      params: z.strictObject({ min: severityField, max: severityField.optional(), fixAvailable: z.boolean().optional(), ...scope }),
      evaluate: (p, s) => {
        const [lo, hi] = [severityRank(p.min), p.max ? severityRank(p.max) : 5];
        return findings(s, p.packageTypes, ({ f, rank, fixable }) => {
          const inBand = rank >= lo && rank <= hi && rank > 0;
          return inBand && (p.fixAvailable === undefined || fixable === p.fixAvailable) ? `severity ${f.severity} >= ${p.min}` : undefined;
        });
      },
    }),
    "fix-available": trigger({
      description: "a vulnerability with a fixed version available",
      params: z.strictObject({ minSeverity: severityField.optional(), ...scope }),
      evaluate: (p, s) => {
        const min = minRank(p.minSeverity);
        return findings(s, p.packageTypes, ({ f, rank, fixable }) => (fixable && rank >= min ? `fixed in ${f.fixedVersions.join(", ")}` : undefined));
      },
    }),
    "fix-age": trigger({
      description: "a fix has been available for more than `days` days (see docs/policy.md for where the date comes from)",
      params: z.strictObject({ days: daysField, minSeverity: severityField.optional(), ...scope }),
      evaluate: (p, s) => {
        const min = minRank(p.minSeverity);
        return findings(s, p.packageTypes, ({ f, rank, fixable }) => {
          if (!fixable || rank < min) return undefined;
          const since = s.facts.fixAvailableSince(f);
          const age = daysSince(since?.date, s.now);
          return since && age !== undefined && age > p.days ? `fix available since ${since.date.slice(0, 10)} (${fixOrigin[since.origin]}; ${age} days > ${p.days})` : undefined;
        });
      },
    }),
    kev: trigger({
      description: "a vulnerability in CISA's Known Exploited Vulnerabilities catalog",
      params: z.strictObject({ ransomware: z.boolean().optional(), ...scope }),
      evaluate: (p, s) => findings(s, p.packageTypes, ({ f }) =>
        f.kev && (!p.ransomware || f.kev.knownRansomware) ? `in KEV since ${f.kev.dateAdded}${f.kev.knownRansomware ? " (ransomware)" : ""}` : undefined),
    }),
    epss: trigger({
      description: "an EPSS probability of at least `min` (0-1), or a percentile of at least `minPercentile`",
      params: z.strictObject({ min: z.number().min(0).max(1).optional(), minPercentile: z.number().min(0).max(1).optional(), ...scope })
        .refine((p) => p.min !== undefined || p.minPercentile !== undefined, { error: "needs min or minPercentile" }),
      evaluate: (p, s) => findings(s, p.packageTypes, ({ f }) => {
        const e = f.epss;
        if (!e || !((p.min !== undefined && e.score >= p.min) || (p.minPercentile !== undefined && e.percentile >= p.minPercentile))) return undefined;
        return `EPSS ${e.score} (percentile ${e.percentile})`;
      }),
    }),
    cvss: trigger({
      description: "a CVSS base score of at least `min` (any source; `version`: 2, 3 or 4 only)",
      params: z.strictObject({ min: z.number().min(0).max(10), version: z.enum(["2", "3", "4"]).optional(), ...scope }),
      evaluate: (p, s) => findings(s, p.packageTypes, ({ f }) => {
        const score = maxCvss(f, p.version);
        return score !== undefined && score >= p.min ? `CVSS ${score} >= ${p.min}` : undefined;
      }),
    }),
    "package-type": trigger({
      description: "a vulnerability in a package of these types (`types`), optionally of at least `minSeverity`",
      params: z.strictObject({ types: packageTypeField, minSeverity: severityField.optional() }),
      evaluate: (p, s) => {
        const min = minRank(p.minSeverity);
        return findings(s, p.types, ({ f, rank }) => (rank >= min ? `in a ${f.package.type} package` : undefined));
      },
    }),
    "published-age": trigger({
      description: "a vulnerability published more than `days` days ago",
      params: z.strictObject({ days: daysField, minSeverity: severityField.optional(), ...scope }),
      evaluate: (p, s) => {
        const min = minRank(p.minSeverity);
        return findings(s, p.packageTypes, ({ f, rank, publishedAt }) => {
          if (rank < min || publishedAt === undefined) return undefined;
          const age = daysFrom(publishedAt, s.now);
          return age > p.days ? `published ${f.published?.slice(0, 10)} (${age} days > ${p.days})` : undefined;
        });
      },
    }),
    id: trigger({
      description: "a vulnerability whose id or alias matches one of `ids` (wildcards)",
      params: z.strictObject({ ids: patterns, ...scope }),
      evaluate: (p, s) => {
        const m = lowerAnyOf(p.ids);
        return findings(s, p.packageTypes, ({ ids }) => (ids.some(m) ? "denied id" : undefined));
      },
    }),
    "data-unavailable": trigger({
      description: "packages of the image were not checked: the database has no data for their OS release or ecosystem",
      params: z.strictObject({}),
      evaluate: (_p, s) => {
        if (!s.scanned.has("vuln") || !s.report.coverage) return { skipped: "no vulnerability database was used" };
        const gaps = s.report.coverage.filter((c) => !c.checked && c.packages > 0);
        return { hits: gaps.map((c) => ({ message: `${c.packages} ${c.kind} packages of ${c.name} were not checked${c.reason ? `: ${c.reason}` : ""}`, findingId: `vulnerabilities:data-unavailable:${c.name}` })) };
      },
    }),
    "stale-database": trigger({
      description: "the vulnerability database was built more than `days` days ago",
      params: z.strictObject({ days: daysField }),
      evaluate: (p, s) => {
        const db = s.report.database;
        if (!s.scanned.has("vuln") || !db) return { skipped: "no vulnerability database was used" };
        const age = daysSince(db.builtAt, s.now);
        const hit: Hit = { message: `the database was built ${db.builtAt} (${age} days > ${p.days})`, findingId: "vulnerabilities:stale-database" };
        return { hits: age !== undefined && age > p.days ? [hit] : [] };
      },
    }),
  },
};
