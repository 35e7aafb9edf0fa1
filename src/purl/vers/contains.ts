/**
 * Whether a version is in a VERS range, by the specification's procedure over the sorted constraints: equal
 * to an `=`, `<=` or `>=` version → in; equal to a `!=` version → out; then the lesser/greater constraints
 * are read as a sequence of intervals (below the first `<`, between a `>` and the next `<`, above the last
 * `>`). A range of `!=` constraints alone holds every other version; a range of `=` alone only those.
 */
import { get } from "../../versioning/index.js";
import type { Constraint, VersRange } from "./parse.js";

const lesser = (c: Constraint) => c.comparator === "<" || c.comparator === "<=";
const greater = (c: Constraint) => c.comparator === ">" || c.comparator === ">=";

/** A version the scheme cannot parse is in no range but `*`. */
export function versContains(range: VersRange, version: string): boolean {
  if (range.star) return true;
  const scheme = get(range.schemeId);
  if (!scheme.isValid(version)) return false;
  const v = scheme.parse(version);
  const cmp = (c: Constraint) => scheme.compareParsed(v, scheme.parse(c.version));
  for (const c of range.constraints) {
    const sign = cmp(c);
    if (sign === 0 && c.comparator !== "!=" && c.comparator !== "<" && c.comparator !== ">") return true;
    if (sign === 0 && c.comparator === "!=") return false;
  }
  const ordered = range.constraints.filter((c) => lesser(c) || greater(c));
  if (ordered.length === 0) return range.constraints.every((c) => c.comparator === "!=");
  const first = ordered[0]!;
  const last = ordered[ordered.length - 1]!;
  if (lesser(first) && cmp(first) < 0) return true;
  if (greater(last) && cmp(last) > 0) return true;
  for (let i = 0; i + 1 < ordered.length; i++) {
    const [cur, next] = [ordered[i]!, ordered[i + 1]!];
    if (greater(cur) && lesser(next) && cmp(cur) > 0 && cmp(next) < 0) return true;
  }
  return false;
}
