/** Every kind of finding flattened to one row shape, for the writers that list findings uniformly. */
import type { LicenseClass, ScanReport, ScanTarget, Severity, Suppression, VulnerabilityFinding } from "../../model/finding.js";
import type { LayerOrigin } from "../../model/package.js";
import { primaryUrl } from "./links.js";
import { keepsOrder } from "./order.js";
import { bySeverity } from "./severity.js";

export type FindingKind = "vulnerability" | "misconfiguration" | "secret" | "license";

export interface FlatFinding {
  kind: FindingKind;
  target: ScanTarget;
  id: string;
  severity: Severity;
  title: string;
  /** Package name (vulnerabilities, package licences). */
  packageName?: string;
  installed?: string;
  fixed?: string;
  status?: string;
  /** File the finding is about: package path or db, config/secret file. Absolute or as reported. */
  path?: string;
  startLine?: number;
  endLine?: number;
  layer?: LayerOrigin;
  url?: string;
  /** One-paragraph plain-text explanation. */
  message: string;
  /** Secrets: the matched line with the secret masked (the finding's `match`, never anything else of it). */
  snippet?: string;
  /** Licences: the licence's class. */
  classification?: LicenseClass;
  /** Secrets: the file is deleted by a later layer but still ships in the image. */
  deletedInLaterLayer?: boolean;
  /** Vulnerabilities: known exploited (CISA KEV). */
  kev?: VulnerabilityFinding["kev"];
  suppressed?: Suppression;
}

/** Default locations of the OS package databases, for OS packages without a recorded path. */
export const osPackageDb: Record<string, string> = {
  deb: "/var/lib/dpkg/status",
  apk: "/lib/apk/db/installed",
  rpm: "/var/lib/rpm/rpmdb.sqlite",
};

export function flattenTarget(t: ScanTarget): FlatFinding[] {
  const out: FlatFinding[] = [];
  for (const v of t.vulnerabilities) {
    const fixed = v.fixedVersions.join(", ");
    const title = v.title ?? firstSentence(v.description) ?? v.id;
    out.push({
      kind: "vulnerability", target: t, id: v.id, severity: v.severity, title,
      packageName: v.package.name, installed: v.installedVersion, fixed, status: v.status,
      path: v.package.path ?? osPackageDb[v.package.type], layer: v.package.layer, url: primaryUrl(v),
      message: `${v.package.name} ${v.installedVersion} is affected by ${v.id} (${v.severity})` +
        (fixed ? `; fixed in ${fixed}` : `; status ${v.status}`) + (v.title ? `: ${v.title}` : ""),
      ...(v.kev ? { kev: v.kev } : {}),
      suppressed: v.suppressed,
    });
  }
  for (const m of t.misconfigurations) {
    out.push({
      kind: "misconfiguration", target: t, id: m.id, severity: m.severity, title: m.title,
      path: m.location?.path, startLine: m.location?.startLine, endLine: m.location?.endLine, layer: m.location?.layer,
      url: m.references[0], message: `${m.title}: ${m.message}` + (m.remediation ? ` Remediation: ${m.remediation}` : ""),
      suppressed: m.suppressed,
    });
  }
  for (const s of t.secrets) {
    out.push({
      kind: "secret", target: t, id: s.ruleId, severity: s.severity, title: s.title, path: s.path,
      startLine: s.startLine, endLine: s.endLine, layer: s.layer, snippet: s.match,
      ...(s.deletedInLaterLayer ? { deletedInLaterLayer: true } : {}),
      message: `${s.title} (${s.category}) in ${s.path}${s.startLine ? `:${s.startLine}` : ""}: ${s.match}` +
        (s.deletedInLaterLayer ? " (deleted in a later layer, still in the image)" : ""),
      suppressed: s.suppressed,
    });
  }
  for (const l of t.licenses) {
    out.push({
      kind: "license", target: t, id: l.license, severity: l.severity, title: `${l.license} (${l.classification})`,
      packageName: l.package?.name, installed: l.package?.version, classification: l.classification,
      path: l.path ?? l.package?.path ?? (l.package ? osPackageDb[l.package.type] : undefined), layer: l.package?.layer,
      message: `${l.package ? `${l.package.name} ${l.package.version}` : (l.path ?? "file")} is licensed ${l.license} (${l.classification})`,
      suppressed: l.suppressed,
    });
  }
  return out;
}

/** All findings of a report, target by target in `targetFindings` order; suppressed ones only when asked. */
export function flattenReport(report: ScanReport, showSuppressed = false): FlatFinding[] {
  return report.targets.flatMap((t) => targetFindings(report, t, showSuppressed));
}

/**
 * A target's findings as the human formats list them: vulnerabilities in the report's order when it has one
 * (`--sort risk|package`), the rest (and vulnerabilities otherwise) most severe first.
 */
export function targetFindings(report: Pick<ScanReport, "sortedBy">, t: ScanTarget, showSuppressed = false): FlatFinding[] {
  const all = visible(flattenTarget(t), showSuppressed);
  if (!keepsOrder(report)) return all.sort(bySeverity);
  return [...all.filter((f) => f.kind === "vulnerability"), ...all.filter((f) => f.kind !== "vulnerability").sort(bySeverity)];
}

export function visible<T extends { suppressed?: Suppression }>(items: readonly T[], showSuppressed = false): T[] {
  return items.filter((i) => showSuppressed || !i.suppressed);
}

export function suppressionLabel(s: Suppression): string {
  return `suppressed (${s.kind}${s.justification ? `: ${s.justification}` : s.reason ? `: ${s.reason}` : ""})`;
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const s = text.split(/(?<=\.)\s/)[0] ?? text;
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
