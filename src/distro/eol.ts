/** End-of-life lookup: each family's table (src/distro/<name>/eol.ts) and key rule, against a given date. */
import { familySpec } from "./index.js";
import type { EolKey } from "./types.js";
import { ownValue } from "../util/own.js";

function keyOf(release: string, rule: EolKey): string {
  if (rule === "exact") return release;
  const parts = release.split(".");
  if (rule === "major") return parts[0] ?? release;
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : release;
}

export interface EolStatus {
  eol: boolean;
  eolDate?: string;
}

/**
 * End of life of `family` `release` at `now`. Unknown releases give undefined (callers leave eol unset).
 * `variant` selects the family's variant table (`centos-stream`).
 */
export function eolStatus(family: string, release: string, now: Date, variant?: string): EolStatus | undefined {
  const spec = familySpec(family);
  if (spec?.eol === "rolling") return { eol: false };
  const table = variant !== undefined && spec?.variant?.id === variant ? spec.variant.eol : spec?.eol;
  if (!table) return undefined;
  // Own keys only: a release read from the image (`constructor`) must not reach Object.prototype.
  const date = ownValue(table.dates, keyOf(release, table.key));
  if (date === undefined) return undefined;
  const end = Date.parse(`${date}T23:59:59Z`);
  return { eol: now.getTime() > end, eolDate: date };
}
