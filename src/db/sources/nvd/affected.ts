/**
 * NVD `configurations[].nodes[].cpeMatch[]` → rows in the `cpe` namespace, package `vendor:product`. Only
 * matches with `vulnerable: true` and CPE part `a` count (in an AND configuration the others are the
 * platform: an OS, hardware, a host application). Per match: `versionStart*`/`versionEnd*` bounds → a range
 * (an excluded start needs a constraint, OSV events have no such bound); no bounds → the CPE's own version
 * (+ update) into `versions`, `*` → every version, `-` (NA) → skipped. A match that does not parse (bad CPE,
 * a bound the generic scheme cannot read) is skipped alone. One row per (CVE, vendor:product): `fixed` with
 * the `versionEndExcluding` bounds as fixed versions when there is one, else `affected`.
 */
import { z } from "zod";
import { CPE_NAMESPACE, CPE_SCHEME, normalizePackageName } from "../../namespace.js";
import type { AffectedPackage, VersionRange } from "../../model.js";
import { schemes } from "../../../versioning/index.js";
import { cpeVersion, parseCpe23, type Cpe23 } from "./cpe.js";
import { safeParse } from "../../../util/schema.js";

const bound = z.string().trim().min(1).optional();
const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string(),
  versionStartIncluding: bound,
  versionStartExcluding: bound,
  versionEndIncluding: bound,
  versionEndExcluding: bound,
});
const node = z.object({ negate: z.boolean().optional(), cpeMatch: z.array(z.unknown()).default([]) });
const configuration = z.object({ negate: z.boolean().optional(), nodes: z.array(z.unknown()).default([]) });

type CpeMatch = z.infer<typeof cpeMatch>;
const scheme = schemes[CPE_SCHEME];

interface Row {
  ranges: Map<string, VersionRange>;
  versions: Set<string>;
  fixed: Set<string>;
}

/** A bound safe inside a comparator list (no separators, no leading operator). */
const plainBound = (v: string): boolean => /^[0-9A-Za-z][0-9A-Za-z._+~:-]*$/.test(v);

/** The vulnerable `a` matches of one CVE's configurations (negated nodes and malformed entries skipped). */
function vulnerableMatches(configurations: unknown): CpeMatch[] {
  const out: CpeMatch[] = [];
  if (!Array.isArray(configurations)) return out;
  for (const c of configurations) {
    const conf = safeParse(configuration, c);
    if (!conf.success || conf.data.negate) continue;
    for (const n of conf.data.nodes) {
      const nd = safeParse(node, n);
      if (!nd.success || nd.data.negate) continue;
      for (const m of nd.data.cpeMatch) {
        const cm = safeParse(cpeMatch, m);
        if (cm.success && cm.data.vulnerable) out.push(cm.data);
      }
    }
  }
  return out;
}

/** The range of a match with version bounds, or undefined when a bound cannot be compared. */
function boundedRange(m: CpeMatch): VersionRange | undefined {
  const { versionStartIncluding: si, versionStartExcluding: se, versionEndIncluding: ei, versionEndExcluding: ee } = m;
  const bounds = [si, se, ei, ee].filter((b): b is string => b !== undefined);
  if (!bounds.every((b) => scheme.isValid(b))) return undefined;
  if (se !== undefined) {
    if (!bounds.every(plainBound)) return undefined;
    const upper = ee !== undefined ? `, < ${ee}` : ei !== undefined ? `, <= ${ei}` : "";
    return { type: "ecosystem", scheme: CPE_SCHEME, events: [], constraint: `> ${se}${upper}` };
  }
  const end = ee !== undefined ? [{ fixed: ee }] : ei !== undefined ? [{ last_affected: ei }] : [];
  return { type: "ecosystem", scheme: CPE_SCHEME, events: [{ introduced: si ?? "0" }, ...end] };
}

/** What one match adds to its row; false when it cannot be used. */
function addMatch(row: Row, m: CpeMatch, cpe: Cpe23): boolean {
  const bounded = [m.versionStartIncluding, m.versionStartExcluding, m.versionEndIncluding, m.versionEndExcluding].some((b) => b !== undefined);
  if (bounded) {
    const range = boundedRange(m);
    if (!range) return false;
    if (m.versionEndExcluding !== undefined) row.fixed.add(m.versionEndExcluding);
    return add(row, range);
  }
  if (cpe.version === "-") return false;
  if (cpe.version === "*") return add(row, { type: "ecosystem", scheme: CPE_SCHEME, events: [{ introduced: "0" }] });
  const version = cpeVersion(cpe);
  if (!scheme.isValid(version)) return false;
  row.versions.add(version);
  return true;
}

function add(row: Row, r: VersionRange): true {
  row.ranges.set(JSON.stringify(r), r);
  return true;
}

/** The `cpe` rows of one CVE. */
export function nvdAffected(cveId: string, configurations: unknown): AffectedPackage[] {
  const rows = new Map<string, Row>();
  for (const m of vulnerableMatches(configurations)) {
    const cpe = parseCpe23(m.criteria);
    if (!cpe || cpe.part !== "a") continue;
    const name = normalizePackageName(CPE_NAMESPACE, `${cpe.vendor}:${cpe.product}`);
    const row = rows.get(name) ?? { ranges: new Map(), versions: new Set(), fixed: new Set() };
    if (addMatch(row, m, cpe)) rows.set(name, row);
  }
  return [...rows].map(([packageName, r]) => ({
    vulnerabilityId: cveId,
    source: "nvd",
    namespace: CPE_NAMESPACE,
    packageName,
    status: r.fixed.size > 0 ? "fixed" : "affected",
    ranges: [...r.ranges.values()],
    versions: [...r.versions],
    fixedVersions: [...r.fixed],
  }));
}
