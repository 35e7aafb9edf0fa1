/** Conversion between model objects and SQLite rows (JSON columns). */
import type { AffectedPackage, AffectedStatus, SourceName, VulnerabilityRecord } from "./model.js";

export interface AffectedRow {
  namespace: string;
  package: string;
  vuln_id: string;
  source: string;
  status: string;
  ranges: string;
  versions: string;
  fixed_versions: string;
  severity: string | null;
  urgency: string | null;
  notes: string | null;
  advisories: string | null;
  binaries: string | null;
}

export interface VulnerabilityRow {
  id: string;
  source: string;
  title: string | null;
  description: string | null;
  severities: string;
  cwes: string;
  refs: string;
  related: string;
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
}

const optList = (v: string[] | undefined): string | null => (v && v.length > 0 ? JSON.stringify(v) : null);

export function affectedToRow(a: AffectedPackage): AffectedRow {
  return {
    namespace: a.namespace,
    package: a.packageName,
    vuln_id: a.vulnerabilityId,
    source: a.source,
    status: a.status,
    ranges: JSON.stringify(a.ranges),
    versions: JSON.stringify(a.versions),
    fixed_versions: JSON.stringify(a.fixedVersions),
    severity: a.severity ?? null,
    urgency: a.urgency ?? null,
    notes: optList(a.notes),
    advisories: optList(a.advisories),
    binaries: optList(a.binaries),
  };
}

function parseList(v: string | null): string[] | undefined {
  return v === null ? undefined : (JSON.parse(v) as string[]);
}

export function rowToAffected(r: AffectedRow): AffectedPackage {
  const out: AffectedPackage = {
    vulnerabilityId: r.vuln_id,
    source: r.source as SourceName,
    namespace: r.namespace,
    packageName: r.package,
    status: r.status as AffectedStatus,
    ranges: JSON.parse(r.ranges) as AffectedPackage["ranges"],
    versions: JSON.parse(r.versions) as string[],
    fixedVersions: JSON.parse(r.fixed_versions) as string[],
  };
  if (r.severity !== null) out.severity = r.severity;
  if (r.urgency !== null) out.urgency = r.urgency;
  const notes = parseList(r.notes);
  if (notes) out.notes = notes;
  const advisories = parseList(r.advisories);
  if (advisories) out.advisories = advisories;
  const binaries = parseList(r.binaries);
  if (binaries) out.binaries = binaries;
  return out;
}

/** Two rows for the same (namespace, package, vulnerability, source): union of their ranges and lists. */
export function mergeAffected(a: AffectedPackage, b: AffectedPackage): AffectedPackage {
  const uniq = (x: string[] | undefined, y: string[] | undefined): string[] => [...new Set([...(x ?? []), ...(y ?? [])])];
  const ranges = [...a.ranges];
  for (const r of b.ranges) if (!ranges.some((q) => JSON.stringify(q) === JSON.stringify(r))) ranges.push(r);
  const merged: AffectedPackage = {
    ...a,
    ranges,
    versions: uniq(a.versions, b.versions),
    fixedVersions: uniq(a.fixedVersions, b.fixedVersions),
    status: a.status === "fixed" || b.status === "fixed" ? "fixed" : a.status,
  };
  const notes = uniq(a.notes, b.notes);
  if (notes.length) merged.notes = notes;
  const advisories = uniq(a.advisories, b.advisories);
  if (advisories.length) merged.advisories = advisories;
  const binaries = uniq(a.binaries, b.binaries);
  if (binaries.length) merged.binaries = binaries;
  return merged;
}

export function vulnerabilityToRow(v: VulnerabilityRecord): VulnerabilityRow {
  return {
    id: v.id,
    source: v.source,
    title: v.title ?? null,
    description: v.description ?? null,
    severities: JSON.stringify(v.severities),
    cwes: JSON.stringify(v.cwes),
    refs: JSON.stringify(v.references),
    related: JSON.stringify(v.related),
    published: v.published ?? null,
    modified: v.modified ?? null,
    withdrawn: v.withdrawn ?? null,
  };
}

export function rowToVulnerability(r: VulnerabilityRow, aliases: string[]): VulnerabilityRecord {
  const v: VulnerabilityRecord = {
    id: r.id,
    source: r.source as SourceName,
    aliases,
    related: JSON.parse(r.related) as string[],
    severities: JSON.parse(r.severities) as VulnerabilityRecord["severities"],
    cwes: JSON.parse(r.cwes) as string[],
    references: JSON.parse(r.refs) as VulnerabilityRecord["references"],
  };
  if (r.title !== null) v.title = r.title;
  if (r.description !== null) v.description = r.description;
  if (r.published !== null) v.published = r.published;
  if (r.modified !== null) v.modified = r.modified;
  if (r.withdrawn !== null) v.withdrawn = r.withdrawn;
  return v;
}
