/**
 * Alias groups: ids connected through `aliases` (GHSA ↔ CVE ↔ PYSEC ↔ GO ↔ RUSTSEC…) form one group,
 * named by its canonical id — the smallest CVE id when the group has one, else the smallest id by
 * prefix preference. Matchers report one finding per group.
 */
const PREFERENCE = ["CVE-", "GHSA-", "GO-", "PYSEC-", "RUSTSEC-"];

function rank(id: string): number {
  const i = PREFERENCE.findIndex((p) => id.startsWith(p));
  return i < 0 ? PREFERENCE.length : i;
}

/** Orders ids by preference, then by text. */
export function compareCanonical(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Union–find over the alias edges; returns id → group id for every id seen. */
export function computeAliasGroups(ids: Iterable<string>, edges: Iterable<[string, string]>): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    for (let cur = x; cur !== root; ) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string): void => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    if (compareCanonical(ra, rb) <= 0) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  for (const id of ids) add(id);
  for (const [a, b] of edges) {
    add(a);
    add(b);
    union(a, b);
  }
  const out = new Map<string, string>();
  for (const id of parent.keys()) out.set(id, find(id));
  return out;
}
