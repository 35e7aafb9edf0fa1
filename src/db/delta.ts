/**
 * What changed between two vulnerability databases, for re-evaluating stored images from the delta
 * (docs/monitoring.md). Affected packages are compared per (namespace, package) row: the packed rows' text
 * first (equal bytes: nothing to decode), and only rows that differ are decoded and compared per record
 * (vulnerability id + source). Severities, KEV and EPSS live in the common tables and change findings of
 * every package that has the vulnerability: they are compared per id. Both databases are read in key order
 * (merge joins), so memory stays bounded by one namespace's keys whatever the database's size.
 */
import type { Database as Db } from "better-sqlite3";
import type { AffectedRecord } from "./model.js";
import { unpackRecords } from "./packed.js";
import { storeConnections, type AdvisoryStore } from "./store.js";

/** What about an advisory record changed. `fix`: a fixed version is now known where none was. */
export type RecordChangeKind = "status" | "fix" | "severity" | "ranges";
/** What about a vulnerability changed in the common tables. */
export type VulnChangeKind = "severity" | "kev" | "epss";

export interface RecordRef {
  id: string;
  source: string;
  status: string;
}

export interface ChangedRecord extends RecordRef {
  kinds: RecordChangeKind[];
  before: { status: string; fixed: string[]; severity?: string };
}

export interface PackageDelta {
  namespace: string;
  package: string;
  added: RecordRef[];
  removed: RecordRef[];
  changed: ChangedRecord[];
}

export interface VulnChange {
  kinds: VulnChangeKind[];
  kev?: { before: boolean; after: boolean };
  epss?: { before?: number; after?: number };
}

export interface DatabaseDelta {
  packages: PackageDelta[];
  /** Per vulnerability id (as the tables key it: CVE for KEV and EPSS). */
  vulnerabilities: Record<string, VulnChange>;
  namespacesAdded: string[];
  namespacesRemoved: string[];
  stats: { rowsCompared: number; rowsDiffering: number; vulnerabilitiesChanged: number };
}

export interface DeltaOptions {
  /** An EPSS score moving by at least this much (absolute, 0–1) is a change. Default 0.1. */
  epssThreshold?: number;
}

export const DEFAULT_EPSS_THRESHOLD = 0.1;

type Pair<T> = [string, T];

/** Merge join of two key-ordered streams: calls `both`, `onlyA` and `onlyB` in key order. */
function mergeJoin<A, B>(a: Iterable<Pair<A>>, b: Iterable<Pair<B>>, on: { both(k: string, x: A, y: B): void; onlyA(k: string, x: A): void; onlyB(k: string, y: B): void }): void {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let x = ia.next();
  let y = ib.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value[0] < y.value[0])) {
      on.onlyA(x.value![0], x.value![1]);
      x = ia.next();
    } else if (x.done || y.value[0] < x.value[0]) {
      on.onlyB(y.value[0], y.value[1]);
      y = ib.next();
    } else {
      on.both(x.value[0], x.value[1], y.value[1]);
      x = ia.next();
      y = ib.next();
    }
  }
}

const hasTable = (db: Db, name: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The (package, data) rows of one namespace over every file that has it, in package order (JS string order). */
function packageRows(conns: readonly Db[], namespace: string): Pair<string>[] {
  const rows: Pair<string>[] = [];
  for (const db of conns.filter((c) => hasTable(c, "packages"))) {
    for (const r of db.prepare("SELECT package, data FROM packages WHERE namespace = ?").raw().iterate(namespace) as Iterable<[string, string]>) rows.push(r);
  }
  return rows.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
}

function namespacesOf(conns: readonly Db[]): Set<string> {
  const out = new Set<string>();
  for (const db of conns) if (hasTable(db, "packages")) for (const ns of db.prepare("SELECT DISTINCT namespace FROM packages").pluck().all() as string[]) out.add(ns);
  return out;
}

const ref = (r: AffectedRecord): RecordRef => ({ id: r.vulnerabilityId, source: r.source, status: r.status });
const recordKey = (r: AffectedRecord): string => `${r.vulnerabilityId}\u0000${r.source}`;
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function recordKinds(a: AffectedRecord, b: AffectedRecord): RecordChangeKind[] {
  const kinds: RecordChangeKind[] = [];
  if (a.status !== b.status) kinds.push("status");
  if (!same(a.fixedVersions, b.fixedVersions)) kinds.push("fix");
  if ((a.severity ?? "") !== (b.severity ?? "") || (a.urgency ?? "") !== (b.urgency ?? "")) kinds.push("severity");
  if (JSON.stringify(a.ranges) !== JSON.stringify(b.ranges) || !same(a.versions, b.versions)) kinds.push("ranges");
  return kinds;
}

/** The records of one (namespace, package) whose packed rows differ. */
export function diffRecords(namespace: string, pkg: string, before: string | undefined, after: string | undefined): PackageDelta {
  const a = new Map((before === undefined ? [] : unpackRecords(namespace, pkg, before)).map((r) => [recordKey(r), r]));
  const b = new Map((after === undefined ? [] : unpackRecords(namespace, pkg, after)).map((r) => [recordKey(r), r]));
  const out: PackageDelta = { namespace, package: pkg, added: [], removed: [], changed: [] };
  for (const [k, r] of b) if (!a.has(k)) out.added.push(ref(r));
  for (const [k, r] of a) {
    const n = b.get(k);
    if (!n) {
      out.removed.push(ref(r));
      continue;
    }
    const kinds = recordKinds(r, n);
    if (kinds.length > 0) out.changed.push({ ...ref(n), kinds, before: { status: r.status, fixed: [...r.fixedVersions], ...(r.severity ? { severity: r.severity } : {}) } });
  }
  return out;
}

/** Rows of a common table, keyed and ordered by `key`, from the file that has the table. */
function keyed<T>(conns: readonly Db[], table: string, sql: string): Pair<T>[] {
  const db = conns.find((c) => hasTable(c, table));
  return db ? (db.prepare(sql).raw().all() as Pair<T>[]).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)) : [];
}

function vulnerabilityChanges(before: readonly Db[], after: readonly Db[], threshold: number): Record<string, VulnChange> {
  const out: Record<string, VulnChange> = {};
  const at = (id: string): VulnChange => (out[id] ??= { kinds: [] });
  const mark = (id: string, kind: VulnChangeKind) => {
    const c = at(id);
    if (!c.kinds.includes(kind)) c.kinds.push(kind);
  };
  // Severities: one text per id (every source's list, in source order).
  const sev = (conns: readonly Db[]) =>
    keyed<string>(conns, "vulnerabilities", "SELECT id, group_concat(source || ':' || severities, '\u0001') FROM (SELECT id, source, severities FROM vulnerabilities ORDER BY id, source) GROUP BY id");
  mergeJoin(sev(before), sev(after), {
    both: (id, x, y) => x !== y && mark(id, "severity"),
    onlyA: (id) => mark(id, "severity"),
    onlyB: (id) => mark(id, "severity"),
  });
  const kev = (conns: readonly Db[]) => keyed<number>(conns, "kev", "SELECT cve_id, 1 FROM kev");
  mergeJoin(kev(before), kev(after), {
    both: () => undefined,
    onlyA: (id) => (mark(id, "kev"), (at(id).kev = { before: true, after: false })),
    onlyB: (id) => (mark(id, "kev"), (at(id).kev = { before: false, after: true })),
  });
  const epss = (conns: readonly Db[]) => keyed<number>(conns, "epss", "SELECT cve_id, score FROM epss");
  const jump = (id: string, b: number | undefined, a: number | undefined) => {
    if (Math.abs((a ?? 0) - (b ?? 0)) < threshold) return;
    mark(id, "epss");
    at(id).epss = { ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) };
  };
  mergeJoin(epss(before), epss(after), { both: (id, b, a) => jump(id, b, a), onlyA: (id, b) => jump(id, b, undefined), onlyB: (id, a) => jump(id, undefined, a) });
  return out;
}

/** The delta from `before` to `after` (both open stores of SQLite files). */
export function databaseDelta(before: AdvisoryStore, after: AdvisoryStore, options: DeltaOptions = {}): DatabaseDelta {
  const b = storeConnections(before);
  const a = storeConnections(after);
  const nsB = namespacesOf(b);
  const nsA = namespacesOf(a);
  const packages: PackageDelta[] = [];
  let rowsCompared = 0;
  const add = (d: PackageDelta) => {
    if (d.added.length + d.removed.length + d.changed.length > 0) packages.push(d);
  };
  for (const ns of [...new Set([...nsB, ...nsA])].sort()) {
    mergeJoin(packageRows(b, ns), packageRows(a, ns), {
      both: (pkg, x, y) => {
        rowsCompared++;
        if (x !== y) add(diffRecords(ns, pkg, x, y));
      },
      onlyA: (pkg, x) => add(diffRecords(ns, pkg, x, undefined)),
      onlyB: (pkg, y) => add(diffRecords(ns, pkg, undefined, y)),
    });
  }
  const vulnerabilities = vulnerabilityChanges(b, a, options.epssThreshold ?? DEFAULT_EPSS_THRESHOLD);
  return {
    packages,
    vulnerabilities,
    namespacesAdded: [...nsA].filter((n) => !nsB.has(n)).sort(),
    namespacesRemoved: [...nsB].filter((n) => !nsA.has(n)).sort(),
    stats: { rowsCompared, rowsDiffering: packages.length, vulnerabilitiesChanged: Object.keys(vulnerabilities).length },
  };
}
