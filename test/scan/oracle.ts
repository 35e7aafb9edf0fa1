/**
 * Independent oracles for the scan proof tests: OSV records read straight from the fixture feeds and their
 * ranges evaluated here (OSV's event walk), with versions compared by the ecosystem's reference tool —
 * Debian's python3-packaging for PyPI, rpm's own rpmvercmp (`rpm --eval '%{lua: rpm.vercmp}'`) for rpm,
 * node-semver for npm — never by src/versioning.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { parse as parseYaml } from "yaml";

export interface OsvRange { type: string; events: Record<string, string>[] }
export interface OsvAffected {
  package: { ecosystem: string; name: string };
  ranges?: OsvRange[];
  versions?: string[];
}
export interface OsvRecord {
  id: string;
  aliases?: string[] | null;
  withdrawn?: string;
  affected: OsvAffected[];
  database_specific?: { severity?: string };
}

/** Every OSV record (JSON or YAML) under a directory. */
export function readOsvDir(dir: string): OsvRecord[] {
  const out: OsvRecord[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    if (entry.name.endsWith(".json")) out.push(JSON.parse(readFileSync(file, "utf8")) as OsvRecord);
    else if (entry.name.endsWith(".yaml")) out.push(parseYaml(readFileSync(file, "utf8")) as OsvRecord);
  }
  return out;
}

export type Compare = (a: string, b: string) => number;
type Pair = [string, string];

/** A comparator answering from a batch the oracle computed up front (NaN: the tool rejected a version). */
function memo(pairs: Pair[], results: number[], tool: string): Compare {
  const table = new Map<string, number>();
  pairs.forEach(([a, b], i) => table.set(`${a}\u0000${b}`, results[i]!));
  return (a, b) => {
    const r = table.get(`${a}\u0000${b}`);
    if (r === undefined) throw new Error(`${tool} was not asked ${a} vs ${b}`);
    return r === null ? Number.NaN : r;
  };
}

const PY = `import json, sys
from packaging.version import Version, InvalidVersion
def cmp(a, b):
    try:
        x, y = Version(a), Version(b)
    except InvalidVersion:
        return None
    return (x > y) - (x < y)
print(json.dumps([cmp(a, b) for a, b in json.load(sys.stdin)]))`;

/** PEP 440 comparisons by Debian's python3-packaging. */
export function pep440Oracle(pairs: Pair[]): Compare {
  const out = execFileSync("/usr/bin/python3", ["-c", PY], { input: JSON.stringify(pairs), encoding: "utf8" });
  return memo(pairs, JSON.parse(out) as number[], "python3-packaging");
}

/** rpm EVR comparisons by rpm's own rpmvercmp. */
export function rpmOracle(pairs: Pair[]): Compare {
  const safe = /^[0-9A-Za-z.:_~^+-]+$/;
  for (const [a, b] of pairs) if (!safe.test(a) || !safe.test(b)) throw new Error(`unexpected rpm version ${a} / ${b}`);
  const lua = `t={} ${pairs.map(([a, b]) => `t[#t+1]=rpm.vercmp("${a}","${b}")`).join(" ")} print(table.concat(t, ","))`;
  const out = execFileSync("rpm", ["--eval", `%{lua: ${lua}}`], { encoding: "utf8" }).trim();
  return memo(pairs, out.split(",").map(Number), "rpm");
}

/** npm comparisons by node-semver; GHSA's short versions (`1.0`) read as `1.0.0`. */
export const semverCompare: Compare = (a, b) => semver.compare(npmVersion(a), npmVersion(b));
const npmVersion = (v: string): semver.SemVer => {
  const parsed = semver.parse(v, { loose: true }) ?? semver.coerce(v, { includePrerelease: true });
  if (!parsed) throw new Error(`node-semver cannot read ${v}`);
  return parsed;
};

const isZero = (v: string) => v === "0";

/** Every comparison the event walk over `records` needs for `installed`. */
export function pairsFor(records: readonly OsvRecord[], ecosystem: string, name: string, installed: string): Pair[] {
  const pairs: Pair[] = [];
  for (const a of affectedEntries(records, ecosystem, name)) {
    for (const v of a.versions ?? []) pairs.push([installed, v]);
    for (const r of (a.ranges ?? []).filter((rg) => rg.type !== "GIT")) {
      const vs = r.events.map(eventVersion).filter((v) => !isZero(v));
      for (const v of vs) pairs.push([installed, v], ...vs.map((w): Pair => [v, w]));
    }
  }
  return pairs;
}

const eventVersion = (e: Record<string, string>): string => Object.values(e)[0]!;
const eventKind = (e: Record<string, string>): string => Object.keys(e)[0]!;

/** PyPI names compare normalized (PEP 503); other ecosystems exactly. */
const sameName = (ecosystem: string, a: string, b: string): boolean =>
  ecosystem === "PyPI" ? pep503(a) === pep503(b) : a === b;
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, "-");

export function affectedEntries(records: readonly OsvRecord[], ecosystem: string, name: string): OsvAffected[] {
  return records.flatMap((r) => r.affected.filter((a) => a.package.ecosystem === ecosystem && sameName(ecosystem, a.package.name, name)));
}

/** OSV's evaluation: walk the sorted events; introduced opens, fixed / last_affected close. */
export function rangeIncludes(range: OsvRange, v: string, compare: Compare): boolean {
  const cmp: Compare = (a, b) => {
    const r = compare(a, b);
    if (Number.isNaN(r)) throw new Error(`the oracle cannot compare ${a} with ${b}`);
    return r;
  };
  const events = [...range.events].sort((x, y) => {
    const a = eventVersion(x);
    const b = eventVersion(y);
    return isZero(a) ? (isZero(b) ? 0 : -1) : isZero(b) ? 1 : cmp(a, b);
  });
  let affected = false;
  for (const e of events) {
    const at = eventVersion(e);
    const kind = eventKind(e);
    if (kind === "introduced" && (isZero(at) || cmp(v, at) >= 0)) affected = true;
    else if (kind === "fixed" && cmp(v, at) >= 0) affected = false;
    else if (kind === "last_affected" && cmp(v, at) > 0) affected = false;
  }
  return affected;
}

/** The records (not withdrawn) that affect `name@installed` in `ecosystem`. */
export function affecting(records: readonly OsvRecord[], ecosystem: string, name: string, installed: string, cmp: Compare): OsvRecord[] {
  return records.filter((r) => !r.withdrawn && affectedEntries([r], ecosystem, name).some((a) =>
    ((a.versions ?? []).some((v) => cmp(installed, v) === 0) ||
      (a.ranges ?? []).some((rg) => rg.type !== "GIT" && rangeIncludes(rg, installed, cmp)))));
}

/** Fixed events of `name` in a record: all of them, and those of ranges that include `installed`. */
export function fixedEvents(rec: OsvRecord, ecosystem: string, name: string, installed: string, cmp: Compare): { all: string[]; including: string[] } {
  const all: string[] = [];
  const including: string[] = [];
  for (const a of affectedEntries([rec], ecosystem, name)) {
    for (const r of (a.ranges ?? []).filter((rg) => rg.type !== "GIT")) {
      const fixed = r.events.filter((e) => eventKind(e) === "fixed").map(eventVersion);
      all.push(...fixed);
      if (rangeIncludes(r, installed, cmp)) including.push(...fixed);
    }
  }
  return { all, including };
}

/** Advisories that name each other (id ↔ aliases) are one vulnerability: the number of groups. */
export function aliasGroups(records: readonly OsvRecord[]): string[][] {
  const groups: Set<string>[] = [];
  for (const r of records) {
    const ids = new Set([r.id, ...(r.aliases ?? [])]);
    const joined = groups.filter((g) => [...ids].some((i) => g.has(i)));
    const merged = new Set([...ids, ...joined.flatMap((g) => [...g])]);
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => [...g].sort());
}
