/** Vulnerability and rule identifiers compare case-insensitively (`GHSA-J8R2-…` is `GHSA-j8r2-…`). */
export function normalizeId(id: string): string {
  return id.trim().toUpperCase();
}

/** True when any of `wanted` names one of `ids` (the finding's ID and aliases). */
export function idsIntersect(wanted: readonly string[], ids: readonly string[]): boolean {
  const set = new Set(ids.map(normalizeId));
  return wanted.some((w) => set.has(normalizeId(w)));
}
