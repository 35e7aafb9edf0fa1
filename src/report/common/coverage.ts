/**
 * How machine formats carry a scan's coverage (src/model/coverage.ts): what the database could check, and
 * what it could not. CycloneDX: one metadata property per entry, `dredge:coverage:checked` or
 * `dredge:coverage:unchecked` = `KIND:NAME` (`os:rocky 9.3`, `ecosystem:npm`, `runtime:runtimes`), and one
 * `dredge:coverage:gap` per unchecked entry with the reason. JSON and SARIF carry the entries as they are.
 */
import type { CoverageEntry } from "../../model/coverage.js";
import { PROPERTY_PREFIX } from "./sbom-properties.js";

type Json = Record<string, unknown>;

export const COVERAGE_CHECKED_PROPERTY = `${PROPERTY_PREFIX}coverage:checked`;
export const COVERAGE_UNCHECKED_PROPERTY = `${PROPERTY_PREFIX}coverage:unchecked`;
export const COVERAGE_GAP_PROPERTY = `${PROPERTY_PREFIX}coverage:gap`;

export function cdxCoverageProperties(coverage: readonly CoverageEntry[] | undefined): Json[] {
  const out: Json[] = [];
  for (const c of coverage ?? []) out.push({ name: c.checked ? COVERAGE_CHECKED_PROPERTY : COVERAGE_UNCHECKED_PROPERTY, value: `${c.kind}:${c.name}` });
  for (const c of coverage ?? []) if (!c.checked) out.push({ name: COVERAGE_GAP_PROPERTY, value: `${c.kind}:${c.name}: ${c.reason ?? "not checked"}` });
  return out;
}
