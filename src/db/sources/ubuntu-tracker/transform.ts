/**
 * Tracker entry → rows in `ubuntu:<release>` (or `ubuntu-pro:<release>` for `…/esm` and `esm-…/` releases),
 * keyed `UBUNTU-CVE-…` like Ubuntu's OSV records, by source package. Statuses: `released` / `released-esm`
 * (version) → fixed; `needed`, `pending` → affected; `needs-triage` → under_investigation; `deferred` →
 * fix_deferred; `ignored` → will_not_fix (end_of_life when the reason is the release's end of life);
 * `not-affected` → not_affected; `DNE` and the `upstream`/`devel` pseudo-releases → no row. `Priority`
 * (or `Priority_<pkg>`) is the row's severity; `untriaged` is none.
 */
import type { AffectedPackage, AffectedStatus, FeedOutput, Severity, VulnerabilityRecord } from "../../model.js";
import { ubuntuCodenames } from "../../../distro/ubuntu/release.js";
import { ubuntuNamespace } from "../ubuntu/releases.js";
import { MalformedRecord, type RawRecord } from "../types.js";
import { parseTrackerEntry, type TrackerEntry, type TrackerStatus } from "./parse.js";
import { get as scheme } from "../../../versioning/index.js";

/** `trusty` → ubuntu:14.04, `trusty/esm` → ubuntu-pro:14.04, `esm-apps/focal` → ubuntu-pro:20.04. */
export function trackerNamespace(release: string): string | undefined {
  const [first, second] = release.split("/");
  if (second === "esm" && first && Object.hasOwn(ubuntuCodenames, first)) return `ubuntu-pro:${ubuntuCodenames[first]}`;
  if (second !== undefined && !first?.startsWith("esm")) return undefined;
  return ubuntuNamespace(release);
}

function statusOf(s: TrackerStatus): AffectedStatus | undefined {
  switch (s.status) {
    case "released":
    case "released-esm":
      return "fixed";
    case "needed":
    case "pending":
      return "affected";
    case "needs-triage":
      return "under_investigation";
    case "deferred":
      return "fix_deferred";
    case "ignored":
      return /end[- ]of[- ]life|end of (standard )?support|out of standard support/i.test(s.detail ?? "") ? "end_of_life" : "will_not_fix";
    case "not-affected":
      return "not_affected";
    default:
      return undefined; // DNE and unknown words
  }
}

const PRIORITIES = new Set(["negligible", "low", "medium", "high", "critical"]);

function row(e: TrackerEntry, s: TrackerStatus): AffectedPackage | undefined {
  const namespace = trackerNamespace(s.release);
  const status = statusOf(s);
  if (!namespace || !status) return undefined;
  const version = s.detail?.split(/[\s,]+/)[0];
  const fixed = status === "fixed" && version && /^\d/.test(version) && scheme("deb").isValid(version) ? [version] : [];
  const priority = (e.packagePriority.get(s.pkg) ?? e.priority)?.toLowerCase();
  const out: AffectedPackage = {
    vulnerabilityId: `UBUNTU-${e.candidate}`, source: "ubuntu-tracker", namespace, packageName: s.pkg, status,
    ranges: status === "not_affected" || (status === "fixed" && fixed.length === 0)
      ? []
      : [{ type: "ecosystem", scheme: "deb", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
    versions: [], fixedVersions: fixed,
    ...(priority && PRIORITIES.has(priority) ? { severity: priority } : {}),
  };
  if (s.detail && status !== "fixed") out.notes = [`ubuntu: ${s.status} (${s.detail})`];
  return out;
}

function vulnerability(e: TrackerEntry): VulnerabilityRecord {
  const severities: Severity[] = e.cvss.map((c) => ({ source: c.source, type: c.vector.startsWith("CVSS:3") ? "CVSS_V3" : "CVSS_V2", vector: c.vector }));
  if (e.priority && PRIORITIES.has(e.priority.toLowerCase())) severities.push({ source: "ubuntu", type: "vendor", rating: e.priority.toLowerCase() });
  return {
    id: `UBUNTU-${e.candidate}`, source: "ubuntu-tracker", aliases: /^CVE-\d{4}-\d+$/.test(e.candidate) ? [e.candidate] : [], related: [],
    severities, cwes: [], references: e.references.map((url) => ({ url })),
    ...(e.description ? { description: e.description } : {}),
    ...(e.publicDate ? { published: e.publicDate } : {}),
  };
}

export function transformTracker(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  let e: TrackerEntry;
  try {
    e = parseTrackerEntry(String(raw.data));
  } catch (err) {
    throw new MalformedRecord(`not an Ubuntu CVE tracker entry: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { vulnerabilities: [vulnerability(e)], affected: e.statuses.flatMap((s) => row(e, s) ?? []) };
}
