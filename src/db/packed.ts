/**
 * The packed form of a package's records (the `packages.data` column): a JSON array with one array per
 * record, `[vuln_id, source, status, ranges, versions, fixed_versions, severity, urgency, notes, advisories,
 * binaries]`. An empty or absent list or value is `0`, trailing zeros are dropped; a range is
 * `[type, scheme, kind, version, kind, version…]` (type `e`cosystem/`s`emver/`g`it; kind `i`ntroduced,
 * `f`ixed, `l`ast_affected, li`m`it); fixed_versions `1` means "the ranges' fixed events, in order".
 * Namespace and package name are the row's key. A lookup decodes every record: the format is small so that
 * the parse is cheap (docs/database.md, "Packed records").
 */
import type { AffectedPackage, AffectedStatus, RangeEvent, SourceName, VersionRange } from "./model.js";

type Opt<T> = T | 0;
type PackedRange = (string | 0)[] | VersionRange;
type PackedRecord = [
  string, string, string, PackedRange[],
  Opt<string[]>?, (Opt<string[]> | 1)?, Opt<string>?, Opt<string>?, Opt<string[]>?, Opt<string[]>?, Opt<string[]>?,
];

const TYPE: Record<VersionRange["type"], string> = { ecosystem: "e", semver: "s", git: "g" };
const TYPE_BACK: Record<string, VersionRange["type"]> = { e: "ecosystem", s: "semver", g: "git" };
const KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;
const KIND: Record<string, string> = { introduced: "i", fixed: "f", last_affected: "l", limit: "m" };

const listOrZero = (v: string[] | undefined): Opt<string[]> => (v && v.length > 0 ? v : 0);

function packRange(r: VersionRange): PackedRange {
  if (r.constraint !== undefined) return r;
  const out: string[] = [TYPE[r.type], r.scheme];
  for (const e of r.events) {
    const k = KINDS.find((x) => e[x] !== undefined);
    if (!k || Object.keys(e).length !== 1) return r; // not one OSV event: keep the object as is
    out.push(KIND[k] as string, e[k] as string);
  }
  return out;
}

/** Object literals per kind: every event of a kind then shares one hidden class. */
function event(kind: string, v: string): RangeEvent {
  switch (kind) {
    case "i": return { introduced: v };
    case "f": return { fixed: v };
    case "l": return { last_affected: v };
    default: return { limit: v };
  }
}

function unpackRange(p: PackedRange): VersionRange {
  if (!Array.isArray(p)) return p;
  const events: RangeEvent[] = [];
  for (let i = 2; i < p.length; i += 2) events.push(event(p[i] as string, p[i + 1] as string));
  return { type: TYPE_BACK[p[0] as string] as VersionRange["type"], scheme: p[1] as VersionRange["scheme"], events };
}

/** The ranges' fixed events, each once, in order. */
export function fixedFromRanges(ranges: readonly VersionRange[]): string[] {
  const out: string[] = [];
  for (const r of ranges) for (const e of r.events) if (e.fixed !== undefined && !out.includes(e.fixed)) out.push(e.fixed);
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function packOne(a: AffectedPackage): PackedRecord {
  const fixed = a.fixedVersions.length > 0 && sameList(a.fixedVersions, fixedFromRanges(a.ranges)) ? 1 : listOrZero(a.fixedVersions);
  const rec: PackedRecord = [
    a.vulnerabilityId, a.source, a.status, a.ranges.map(packRange),
    listOrZero(a.versions), fixed, a.severity ?? 0, a.urgency ?? 0,
    listOrZero(a.notes), listOrZero(a.advisories), listOrZero(a.binaries),
  ];
  while (rec.length > 4 && !rec[rec.length - 1]) rec.pop();
  return rec;
}

/** One package's records (all with the same namespace and package name) as the `data` column. */
export function packRecords(records: readonly AffectedPackage[]): string {
  return JSON.stringify(records.map(packOne));
}

/** The inverse of `packRecords`; `namespace` and `packageName` come from the row's key. */
export function unpackRecords(namespace: string, packageName: string, data: string): AffectedPackage[] {
  const recs = JSON.parse(data) as PackedRecord[];
  const out: AffectedPackage[] = new Array<AffectedPackage>(recs.length);
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i] as PackedRecord;
    const ranges = r[3].map(unpackRange);
    const a: AffectedPackage = {
      vulnerabilityId: r[0],
      source: r[1] as SourceName,
      namespace,
      packageName,
      status: r[2] as AffectedStatus,
      ranges,
      versions: r[4] || [],
      fixedVersions: r[5] === 1 ? fixedFromRanges(ranges) : r[5] || [],
    };
    if (r[6]) a.severity = r[6];
    if (r[7]) a.urgency = r[7];
    if (r[8]) a.notes = r[8];
    if (r[9]) a.advisories = r[9];
    if (r[10]) a.binaries = r[10];
    out[i] = a;
  }
  return out;
}
