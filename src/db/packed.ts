/**
 * The packed form of a package's records (the `packages.data` column): ONE flat JSON array per package
 * (JSON.parse then makes one array, not three per record). Per record, in order:
 * `vuln_id, source, status, nRanges, <range>×nRanges, nTail, <tail>×nTail` where a range is
 * `type × 16 + scheme, nEvents, (kind, version)×nEvents` — or `-1, {object form}` when it does not fit — and
 * the tail is `versions, fixed_versions, severity, urgency, notes, advisories, binaries` with trailing
 * absent values dropped. Repeated words are small integers (JSON.parse makes no string for them): source
 * and status index SOURCES / STATUSES, type and scheme TYPES / SCHEMES, kind KINDS; version `"0"` is `0`; a
 * word outside the tables stays a string. An empty or absent list or value is `0`; fixed_versions `1`
 * means "the ranges' fixed events, in order". Namespace and package name are the row's key. The tables
 * only ever grow at the end, so a database keeps its meaning for later readers.
 * docs/database.md, "Affected records".
 */
import type { AffectedPackage, AffectedStatus, RangeEvent, SourceName, VersionRange } from "./model.js";
import { pushAll } from "../util/array.js";

const SOURCES: readonly SourceName[] = [
  "osv", "debian", "alpine", "ubuntu", "redhat", "nvd", "kev", "epss", "amazon", "oracle", "mariner",
  "photon", "suse", "wolfi", "chainguard", "ubuntu-tracker",
];
const STATUSES: readonly AffectedStatus[] = ["fixed", "affected", "will_not_fix", "fix_deferred", "end_of_life", "not_affected", "under_investigation"];
const TYPES: readonly VersionRange["type"][] = ["ecosystem", "semver", "git"];
const SCHEMES: readonly VersionRange["scheme"][] = ["deb", "rpm", "apk", "semver", "pep440", "maven", "gem", "go", "nuget", "composer", "generic"];
const KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;

type Opt<T> = T | 0;
type Word = number | string;
type Cell = Word | string[] | VersionRange;

const word = (table: readonly string[], v: string): Word => {
  const i = table.indexOf(v);
  return i >= 0 ? i : v;
};
const listOrZero = (v: string[] | undefined): Opt<string[]> => (v && v.length > 0 ? v : 0);

/** Appends a range: `code, nEvents, kind, version…`, or `-1, object` when it does not fit that form. */
function packRange(r: VersionRange, out: Cell[]): void {
  const type = TYPES.indexOf(r.type);
  const scheme = SCHEMES.indexOf(r.scheme);
  const cells: Cell[] = [type * 16 + scheme, r.events.length];
  let fits = r.constraint === undefined && r.qualifiers === undefined && type >= 0 && scheme >= 0;
  for (const e of fits ? r.events : []) {
    const k = KINDS.findIndex((x) => e[x] !== undefined);
    const v = k < 0 ? undefined : e[KINDS[k] as (typeof KINDS)[number]];
    if (v === undefined || Object.keys(e).length !== 1) fits = false; // not one OSV event
    else cells.push(k, v === "0" ? 0 : v);
  }
  if (fits) pushAll(out, cells);
  else out.push(-1, r);
}

/**
 * Decoded lists and events are shared where they are always the same (read-only, frozen): most records
 * have no listed versions, and most ranges start at `introduced: 0`. Fewer allocations per lookup.
 */
const EMPTY: string[] = Object.freeze([] as string[]) as string[];
const FROM_ZERO: RangeEvent = Object.freeze({ introduced: "0" });

/** Object literals per kind: every event of a kind then shares one hidden class. */
function event(kind: number | string, raw: number | string): RangeEvent {
  if (raw === 0 && kind === 0) return FROM_ZERO;
  const v = typeof raw === "string" ? raw : String(raw);
  switch (kind) {
    case 0: return { introduced: v };
    case 1: return { fixed: v };
    case 2: return { last_affected: v };
    default: return { limit: v };
  }
}

/** Cursor of the decoder: the index after the last range read (decoding is synchronous). */
let next = 0;

/** Reads the range at `d[i]` and sets `next` to the index after it. */
function unpackRange(d: readonly Cell[], i: number): VersionRange {
  const code = d[i] as number;
  if (code === -1) {
    next = i + 2;
    return d[i + 1] as VersionRange;
  }
  const n = d[i + 1] as number;
  if (!Number.isInteger(n) || n < 0 || (code >> 4) >= TYPES.length || (code & 15) >= SCHEMES.length) throw new Error("malformed packed range");
  const events: RangeEvent[] = new Array<RangeEvent>(n);
  let k = i + 2;
  for (let j = 0; j < n; j++, k += 2) events[j] = event(d[k] as number, d[k + 1] as Word);
  next = k;
  return { type: TYPES[code >> 4] as VersionRange["type"], scheme: SCHEMES[code & 15] as VersionRange["scheme"], events };
}

/** The ranges' fixed events, each once, in order. */
export function fixedFromRanges(ranges: readonly VersionRange[]): string[] {
  const out: string[] = [];
  for (const r of ranges) for (const e of r.events) if (e.fixed !== undefined && !out.includes(e.fixed)) out.push(e.fixed);
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function packOne(a: AffectedPackage, out: Cell[]): void {
  out.push(a.vulnerabilityId, word(SOURCES, a.source), word(STATUSES, a.status), a.ranges.length);
  for (const r of a.ranges) packRange(r, out);
  const fixed = a.fixedVersions.length > 0 && sameList(a.fixedVersions, fixedFromRanges(a.ranges)) ? 1 : listOrZero(a.fixedVersions);
  const tail: Cell[] = [listOrZero(a.versions), fixed, a.severity ?? 0, a.urgency ?? 0, listOrZero(a.notes), listOrZero(a.advisories), listOrZero(a.binaries)];
  while (tail.length > 0 && !tail[tail.length - 1]) tail.pop();
  out.push(tail.length);
  pushAll(out, tail);
}

/** One package's records (all with the same namespace and package name) as the `data` column. */
export function packRecords(records: readonly AffectedPackage[]): string {
  const out: Cell[] = [];
  for (const a of records) packOne(a, out);
  return JSON.stringify(out);
}

const unword = <T extends string>(table: readonly T[], w: Cell): T => (typeof w === "number" ? (table[w] as T) : (w as T));

/** The optional fields (severity, urgency, notes, advisories, binaries) of a record whose tail is `d[k+1…k+n]`. */
function tailFields(a: AffectedPackage, d: readonly Cell[], k: number, n: number): void {
  if (n > 2 && d[k + 3]) a.severity = d[k + 3] as string;
  if (n > 3 && d[k + 4]) a.urgency = d[k + 4] as string;
  if (n > 4 && d[k + 5]) a.notes = d[k + 5] as string[];
  if (n > 5 && d[k + 6]) a.advisories = d[k + 6] as string[];
  if (n > 6 && d[k + 7]) a.binaries = d[k + 7] as string[];
}

/** The inverse of `packRecords`; `namespace` and `packageName` come from the row's key. */
export function unpackRecords(namespace: string, packageName: string, data: string): AffectedPackage[] {
  const d = JSON.parse(data) as Cell[];
  if (!Array.isArray(d)) throw new Error("packed records are not an array");
  const out: AffectedPackage[] = [];
  let i = 0;
  while (i < d.length) {
    const nRanges = d[i + 3] as number;
    if (typeof d[i] !== "string" || !Number.isInteger(nRanges) || nRanges < 0) throw new Error(`packed record ${out.length + 1} is malformed`);
    const ranges: VersionRange[] = new Array<VersionRange>(nRanges);
    next = i + 4;
    for (let j = 0; j < nRanges; j++) ranges[j] = unpackRange(d, next);
    const k = next;
    const n = d[k] as number;
    if (!Number.isInteger(n) || n < 0) throw new Error(`packed record ${out.length + 1} is malformed`);
    const versions = n > 0 && d[k + 1] ? (d[k + 1] as string[]) : EMPTY;
    const fixed = n > 1 ? d[k + 2] : 0;
    const a: AffectedPackage = {
      vulnerabilityId: d[i] as string,
      source: unword(SOURCES, d[i + 1] as Cell),
      namespace,
      packageName,
      status: unword(STATUSES, d[i + 2] as Cell),
      ranges,
      versions,
      fixedVersions: fixed === 1 ? fixedFromRanges(ranges) : fixed ? (fixed as string[]) : EMPTY,
    };
    if (n > 2) tailFields(a, d, k, n);
    out.push(a);
    i = k + 1 + n;
  }
  return out;
}
