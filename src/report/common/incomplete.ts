/**
 * How every format shows an incomplete inventory (files a package analyzer wanted were not read, so packages
 * may be missing): a headline and one line per gap for people, a flag and the reasons for machines.
 */
import type { InventoryGap } from "../../model/inventory.js";
import { PROPERTY_PREFIX } from "./sbom-properties.js";

type Json = Record<string, unknown>;

/** CycloneDX property (metadata) and SPDX annotation prefix. */
export const INCOMPLETE_PROPERTY = `${PROPERTY_PREFIX}inventory:incomplete`;
export const GAP_PROPERTY = `${PROPERTY_PREFIX}inventory:gap`;

export function incompleteHeadline(gaps: readonly InventoryGap[]): string {
  const files = gaps.reduce((n, g) => n + g.files, 0);
  const what = files === 1 ? "1 file that package analyzers wanted was" : `${files} files that package analyzers wanted were`;
  return `Inventory incomplete: ${what} not read, so packages may be missing`;
}

/** The headline then one line per gap. */
export function incompleteLines(gaps: readonly InventoryGap[]): string[] {
  return gaps.length ? [incompleteHeadline(gaps), ...gaps.map((g) => g.message)] : [];
}

/** CycloneDX metadata properties: the flag, then one property per gap. */
export function cdxIncompleteProperties(gaps: readonly InventoryGap[] | undefined): Json[] {
  if (!gaps?.length) return [];
  return [{ name: INCOMPLETE_PROPERTY, value: "true" }, ...gaps.map((g) => ({ name: GAP_PROPERTY, value: g.message }))];
}

/** SPDX document fields: a `comment` and one OTHER annotation per gap (written by `annotator`). */
export function spdxIncompleteFields(gaps: readonly InventoryGap[] | undefined, created: string, annotator: string): Json {
  if (!gaps?.length) return {};
  return {
    comment: incompleteLines(gaps).join("\n"),
    annotations: gaps.map((g) => ({ annotationDate: created, annotationType: "OTHER", annotator, comment: `${GAP_PROPERTY}: ${g.message}` })),
  };
}
