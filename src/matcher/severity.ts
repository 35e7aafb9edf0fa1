/**
 * Choosing a finding's severity: the vendor's own rating for distro packages (Debian urgency, Ubuntu
 * priority, Red Hat impact), GHSA for language packages, NVD as the fallback, then any other source; a
 * CVSS vector without a score is scored here.
 */
import type { AffectedRecord, Severity as DbSeverity, VulnerabilityRecord } from "../db/model.js";
import type { CvssScore, Severity } from "../model/finding.js";
import { cvssVersion, scoreOf, severityFromScore } from "./cvss.js";

const words: Record<string, Severity> = {
  critical: "CRITICAL",
  high: "HIGH",
  important: "HIGH",
  moderate: "MEDIUM",
  medium: "MEDIUM",
  low: "LOW",
  negligible: "NEGLIGIBLE",
  unimportant: "NEGLIGIBLE",
};

/** A vendor word (`Important`, `unimportant`, `negligible`…) → severity, or undefined when unassigned. */
export function severityWord(word: string | undefined): Severity | undefined {
  if (!word) return undefined;
  const w = word.trim().toLowerCase().replace(/\*+$/, "");
  return words[w];
}

export function cvssScores(records: readonly VulnerabilityRecord[]): CvssScore[] {
  const out: CvssScore[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const s of r.severities) {
      if (!s.vector) continue;
      const version = cvssVersion(s.vector);
      if (!version) continue;
      const source = s.source || r.source;
      const key = `${source}|${s.vector}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const baseScore = s.score ?? scoreOf(s.vector);
      if (baseScore !== undefined) out.push({ source, version, vector: s.vector, baseScore });
    }
  }
  return out;
}

function ratingOf(s: DbSeverity): Severity | undefined {
  const w = severityWord(s.rating);
  if (w) return w;
  const score = s.score ?? (s.vector ? scoreOf(s.vector) : undefined);
  if (score === undefined) return undefined;
  return severityFromScore(score, s.vector ? (cvssVersion(s.vector) ?? "3.1") : "3.1");
}

/**
 * `--vuln-severity-source` words: the sources whose rating can be asked for (Trivy's data-source ids and
 * Dredge's feed names; `auto` = the default choice below). Trivy's `suse-cvrf`, `oracle-oval`, `redhat-oval`
 * name Dredge's `suse`, `oracle`, `redhat`.
 */
export const severitySourceIds = [
  "auto", "nvd", "ghsa", "osv", "redhat", "debian", "ubuntu", "alpine", "amazon", "oracle", "alma", "rocky", "photon", "suse",
  "azure", "cbl-mariner", "wolfi", "chainguard", "suse-cvrf", "oracle-oval", "redhat-oval", "nodejs-security-wg",
  "ruby-advisory-db", "php-security-advisories", "govulndb",
] as const;
export type SeveritySourceId = (typeof severitySourceIds)[number];

const SOURCE_ALIASES: Record<string, string> = { "suse-cvrf": "suse", "oracle-oval": "oracle", "redhat-oval": "redhat" };
/** Feeds whose rows rate for another source's name (the Ubuntu CVE tracker is Ubuntu's rating). */
const ROW_SOURCE_AS: Record<string, string> = { "ubuntu-tracker": "ubuntu" };

const own = (table: Readonly<Record<string, string>>, key: string): string => (Object.hasOwn(table, key) ? table[key]! : key);

/** The rating `source` gives, from the affected rows' vendor words, then its own record severities. */
function ratingFrom(source: string, vendor: Readonly<Record<string, string>>, all: readonly DbSeverity[]): Severity | undefined {
  const want = own(SOURCE_ALIASES, source);
  for (const [s, word] of Object.entries(vendor)) if (own(ROW_SOURCE_AS, s) === want && severityWord(word)) return severityWord(word);
  const rated = all.filter((s) => own(ROW_SOURCE_AS, s.source).toLowerCase() === want);
  for (const s of [...rated.filter((x) => x.type === "vendor"), ...rated.filter((x) => x.type !== "vendor")]) {
    const sev = ratingOf(s);
    if (sev) return sev;
  }
  return undefined;
}

/**
 * `--vuln-severity-source ubuntu,nvd,auto`: the first listed source that rates the vulnerability wins;
 * `auto` is the default choice; a list none of whose sources rates it (and without `auto`) gives UNKNOWN.
 */
export function chooseSeverityFrom(
  order: readonly string[], records: readonly VulnerabilityRecord[], affected: readonly AffectedRecord[], distro: boolean,
): SeverityChoice {
  const auto = chooseSeverity(records, affected, distro);
  const all = records.flatMap((r) => r.severities.map((s) => ({ ...s, source: s.source || r.source })));
  for (const source of order) {
    if (source === "auto") return auto;
    const sev = ratingFrom(source, auto.vendor ?? {}, all);
    if (sev) return { ...auto, severity: sev, source: own(SOURCE_ALIASES, source) };
  }
  return { ...auto, severity: "UNKNOWN", source: undefined };
}

export interface SeverityChoice {
  severity: Severity;
  source?: string;
  vendor?: Record<string, string>;
}

export function chooseSeverity(records: readonly VulnerabilityRecord[], affected: readonly AffectedRecord[], distro: boolean): SeverityChoice {
  const vendor: Record<string, string> = {};
  for (const a of affected) {
    const word = a.severity ?? a.urgency;
    if (word) vendor[a.source] = word;
  }
  if (distro) {
    for (const [source, word] of Object.entries(vendor)) {
      const s = severityWord(word);
      if (s) return { severity: s, source, vendor };
    }
  }
  const all = records.flatMap((r) => r.severities.map((s) => ({ ...s, source: s.source || r.source })));
  const order = distro ? ["nvd", "ghsa"] : ["ghsa", "nvd"];
  const ranked = [...all].sort((a, b) => rank(order, a.source) - rank(order, b.source));
  for (const s of ranked) {
    const sev = ratingOf(s);
    if (sev) return { severity: sev, source: s.source, vendor: Object.keys(vendor).length ? vendor : undefined };
  }
  return { severity: "UNKNOWN", vendor: Object.keys(vendor).length ? vendor : undefined };
}

const rank = (order: readonly string[], source: string): number => {
  const i = order.indexOf(source.toLowerCase());
  return i < 0 ? order.length : i;
};
