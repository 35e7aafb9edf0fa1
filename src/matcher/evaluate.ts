/** Does a database row affect this version? OSV-style ranges and version lists, per the row's scheme. */
import type { AffectedRecord } from "../db/model.js";
import { DredgeError } from "../errors.js";
import { osvAffected } from "../versioning/ranges/osv.js";
import { satisfies } from "../versioning/ranges/native.js";
import type { SchemeId } from "../versioning/types.js";

export function affects(record: AffectedRecord, scheme: SchemeId, version: string): boolean {
  if (record.status === "not_affected") return false;
  const constraints = record.ranges.filter((r) => r.constraint);
  for (const r of constraints) if (satisfies(r.scheme ?? scheme, version, r.constraint!)) return true;
  const ranges = record.ranges
    .filter((r) => !r.constraint && r.type !== "git")
    .map((r) => ({ type: r.type === "semver" ? "SEMVER" : "ECOSYSTEM", events: r.events }));
  if (ranges.length === 0 && record.versions.length === 0) {
    // No range at all: the vendor says affected (open, will not fix…) for every version it ships.
    return constraints.length === 0 && record.status !== "fixed";
  }
  return osvAffected(scheme, version, { ranges, versions: record.versions });
}

/** affects(), with unparseable versions turned into a warning instead of a silent "not affected". */
export function safeAffects(record: AffectedRecord, scheme: SchemeId, version: string, warn: (m: string) => void): boolean {
  try {
    return affects(record, scheme, version);
  } catch (err) {
    if (err instanceof DredgeError && (err.code === "INVALID_VERSION" || err.code === "PARSE_ERROR")) {
      warn(`${record.vulnerabilityId} (${record.namespace} ${record.packageName}): ${err.message}`);
      return false;
    }
    throw err;
  }
}
