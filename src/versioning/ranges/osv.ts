/**
 * OSV `affected` evaluation (https://ossf.github.io/osv-schema/#evaluation): `versions` lists and
 * ECOSYSTEM / SEMVER ranges with `introduced`, `fixed`, `last_affected` and `limit` events. GIT ranges are
 * ignored (they need commit history). Unparseable versions in events are errors, never "not affected".
 */
import { invalidRange } from "../define.js";
import { schemes } from "../registry.js";
import type { SchemeId, VersionScheme } from "../types.js";

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  repo?: string;
  events: readonly OsvEvent[];
}

export interface OsvAffected {
  ranges?: readonly OsvRange[];
  versions?: readonly string[];
}

type Kind = "introduced" | "fixed" | "last_affected" | "limit";
interface Ev { kind: Kind; raw: string; parsed: unknown; min: boolean; max: boolean }

function events(s: VersionScheme, range: OsvRange): Ev[] {
  const out: Ev[] = [];
  for (const e of range.events) {
    for (const kind of ["introduced", "fixed", "last_affected", "limit"] as const) {
      const raw = e[kind];
      if (raw === undefined) continue;
      const min = kind === "introduced" && raw === "0";
      const max = kind === "limit" && raw === "*";
      let parsed: unknown;
      if (!min && !max) {
        if (!s.isValid(raw)) throw invalidRange(s.id, `${kind} ${raw}`, `OSV ${range.type} event is not a valid ${s.id} version`);
        parsed = s.parse(raw);
      }
      out.push({ kind, raw, parsed, min, max });
    }
  }
  return out;
}

function cmpEv(s: VersionScheme, a: Ev, b: Ev): number {
  if (a.min || b.max) return a.min && b.min ? 0 : a.max && b.max ? 0 : -1;
  if (b.min || a.max) return 1;
  return s.compareParsed(a.parsed, b.parsed);
}

/** Whether the parsed version falls in one OSV range. */
function inRange(s: VersionScheme, v: unknown, range: OsvRange): boolean {
  const evs = events(s, range).sort((a, b) => cmpEv(s, a, b));
  const at = (e: Ev): number => (e.min ? 1 : e.max ? -1 : s.compareParsed(v, e.parsed));
  let affected = false;
  for (const e of evs) {
    if (e.kind === "introduced" && at(e) >= 0) affected = true;
    else if (e.kind === "fixed" && at(e) >= 0) affected = false;
    else if (e.kind === "last_affected" && at(e) > 0) affected = false;
  }
  const limits = evs.filter((e) => e.kind === "limit");
  return affected && (limits.length === 0 || limits.some((e) => at(e) < 0));
}

function rangeScheme(s: VersionScheme, type: string): VersionScheme | undefined {
  if (type === "ECOSYSTEM") return s;
  if (type === "SEMVER") return s.id === "go" || s.id === "semver" ? s : schemes.semver;
  return undefined;
}

/**
 * Whether `version` is affected by an OSV `affected[]` entry, compared with `scheme` (ECOSYSTEM ranges) or
 * SemVer (SEMVER ranges). The version itself must be valid for the scheme(s) used.
 */
export function osvAffected(scheme: SchemeId | VersionScheme, version: string, affected: OsvAffected): boolean {
  const s = typeof scheme === "string" ? schemes[scheme] : scheme;
  const v = s.parse(version);
  for (const listed of affected.versions ?? []) {
    if (listed === version || (s.isValid(listed) && s.compareParsed(v, s.parse(listed)) === 0)) return true;
  }
  for (const range of affected.ranges ?? []) {
    const rs = rangeScheme(s, range.type);
    if (!rs) continue;
    if (inRange(rs, rs === s ? v : rs.parse(version), range)) return true;
  }
  return false;
}
