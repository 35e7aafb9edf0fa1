/**
 * New, resolved and changed findings of one image between two evaluations: the findings index rows of the
 * previous database version against the findings of the new match. A finding is the same finding when its
 * vulnerability id, package purl and installed version are (one finding per identifier row is read once).
 */
import type { VulnChange } from "../../db/delta.js";
import type { Severity, VulnerabilityFinding } from "../../model/finding.js";
import type { Row } from "../db/sql.js";
import type { ChangedFinding, FindingChangeKind } from "./events.js";

/** A row of `image_findings` (the columns read: `FINDING_ROW_COLUMNS` of src/server/fleet/findings-store.ts). */
export interface FindingRow extends Row {
  vuln_id: string;
  aliases: string;
  pkg_type: string;
  pkg_name: string;
  purl: string;
  installed: string;
  fixed: string;
  severity: string;
  status: string;
  kev: number;
}

export interface FindingsDiff {
  new: ChangedFinding[];
  resolved: ChangedFinding[];
  changed: ChangedFinding[];
}

const keyOf = (id: string, purl: string, installed: string): string => `${id}\u0000${purl}\u0000${installed}`;

function fromRow(r: FindingRow): ChangedFinding {
  return {
    id: r.vuln_id, pkgType: r.pkg_type, pkgName: r.pkg_name, purl: r.purl, installed: r.installed, fixed: JSON.parse(r.fixed) as string[],
    severity: r.severity as Severity, status: r.status, kev: Number(r.kev) === 1,
  };
}

function fromFinding(f: VulnerabilityFinding): ChangedFinding {
  return {
    id: f.id, pkgType: f.package.type, pkgName: f.package.name, purl: f.package.purl, installed: f.installedVersion, fixed: [...f.fixedVersions],
    severity: f.severity, status: f.status, kev: f.kev !== undefined, ...(f.epss ? { epss: f.epss.score } : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The EPSS jump of the finding's id or one of its aliases, if the delta has one. */
function epssJump(f: VulnerabilityFinding, vulns: Readonly<Record<string, VulnChange>>): VulnChange["epss"] | undefined {
  for (const id of [f.id, ...f.aliases]) {
    const c = vulns[id];
    if (c?.epss) return c.epss;
  }
  return undefined;
}

function compare(before: ChangedFinding, f: VulnerabilityFinding, after: ChangedFinding, vulns: Readonly<Record<string, VulnChange>>): ChangedFinding | undefined {
  const kinds: FindingChangeKind[] = [];
  const was: NonNullable<ChangedFinding["before"]> = {};
  if (before.severity !== after.severity) {
    kinds.push("severity");
    was.severity = before.severity;
  }
  if (!sameList(before.fixed, after.fixed)) {
    kinds.push("fix");
    was.fixed = before.fixed;
  }
  if (before.kev !== after.kev) {
    kinds.push("kev");
    was.kev = before.kev;
  }
  if (before.status !== after.status) {
    kinds.push("status");
    was.status = before.status;
  }
  const jump = epssJump(f, vulns);
  if (jump) {
    kinds.push("epss");
    if (jump.before !== undefined) was.epss = jump.before;
  }
  return kinds.length > 0 ? { ...after, kinds, before: was } : undefined;
}

/** The difference between the previous rows and the new findings; `vulns`: the delta's per-vulnerability changes (EPSS jumps). */
export function diffFindings(beforeRows: readonly FindingRow[], after: readonly VulnerabilityFinding[], vulns: Readonly<Record<string, VulnChange>> = {}): FindingsDiff {
  const before = new Map<string, ChangedFinding>();
  for (const r of beforeRows) {
    const k = keyOf(r.vuln_id, r.purl, r.installed);
    if (!before.has(k)) before.set(k, fromRow(r));
  }
  const out: FindingsDiff = { new: [], resolved: [], changed: [] };
  const seen = new Set<string>();
  for (const f of after) {
    const k = keyOf(f.id, f.package.purl, f.installedVersion);
    if (seen.has(k)) continue;
    seen.add(k);
    const now = fromFinding(f);
    const was = before.get(k);
    if (!was) out.new.push(now);
    else {
      const c = compare(was, f, now, vulns);
      if (c) out.changed.push(c);
    }
  }
  for (const [k, was] of before) if (!seen.has(k)) out.resolved.push(was);
  return out;
}

export const isEmpty = (d: FindingsDiff): boolean => d.new.length + d.resolved.length + d.changed.length === 0;
