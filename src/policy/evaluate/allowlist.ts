/**
 * Allowlist items: a finding id (or alias; wildcards, any case) and optionally a package (name or purl,
 * wildcards), with a reason and an expiry date (the item covers hits through that whole UTC day). Expired
 * items cover nothing and are reported.
 */
import type { Allowlist, AllowlistItem } from "../document/schema.js";
import type { Hit } from "../gate/types.js";
import { wildcardMatcher } from "../glob.js";
import { isExpired } from "../ignore/expiry.js";
import type { ExpiredAllowlistItem, PolicyHit } from "../../model/policy.js";

interface CompiledItem {
  allowlist: string;
  item: AllowlistItem;
  /** The id pattern's literal start, lower case: a cheap first test. */
  prefix: string;
  id: (s: string) => boolean;
  pkg?: (s: string) => boolean;
}

/** Items are bucketed by the first KEY characters of their id's literal start (shorter starts: `loose`). */
const KEY = 8;

const literalPrefix = (pattern: string): string => {
  const i = pattern.search(/[*?[]/);
  return (i < 0 ? pattern : pattern.slice(0, i)).toLowerCase();
};

export interface AllowlistSet {
  /** The live item covering `hit`, if any. */
  cover(hit: Hit): PolicyHit["allowlisted"];
  expired: ExpiredAllowlistItem[];
}

export function compileAllowlists(lists: readonly Allowlist[], now: Date): AllowlistSet {
  const buckets = new Map<string, CompiledItem[]>();
  const loose: CompiledItem[] = [];
  const expired: ExpiredAllowlistItem[] = [];
  for (const l of lists) {
    for (const item of l.items) {
      if (item.expires && isExpired(item.expires, now)) {
        expired.push({ allowlist: l.id, id: item.id, ...(item.package ? { package: item.package } : {}), expires: item.expires, reason: item.reason });
        continue;
      }
      const pkg = item.package ? wildcardMatcher(item.package.toLowerCase()) : undefined;
      const prefix = literalPrefix(item.id);
      const c: CompiledItem = { allowlist: l.id, item, prefix, id: wildcardMatcher(item.id.toLowerCase()), ...(pkg ? { pkg } : {}) };
      if (prefix.length >= KEY) {
        const key = prefix.slice(0, KEY);
        buckets.set(key, [...(buckets.get(key) ?? []), c]);
      } else loose.push(c);
    }
  }
  // The same finding is hit by several rules: one answer per finding and package.
  const memo = new Map<string, CompiledItem | null>();
  const find = (hit: Hit): CompiledItem | undefined => {
    // A finding's aliases follow from its id: the key needs only the id and the package.
    const key = `${hit.findingId}\0${hit.package ?? ""}\0${hit.purl ?? ""}`;
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const ids = [hit.findingId, ...(hit.aliases ?? [])].map((x) => x.toLowerCase());
    const names = [hit.package, hit.purl].flatMap((x) => (x === undefined ? [] : [x.toLowerCase()]));
    const fits = (x: CompiledItem) => ids.some((id) => id.startsWith(x.prefix) && x.id(id)) && (!x.pkg || names.some(x.pkg));
    const candidates = (id: string) => buckets.get(id.slice(0, KEY)) ?? [];
    const found = [...new Set(ids.map((id) => id.slice(0, KEY)))].flatMap((k) => candidates(k)).concat(loose).find(fits);
    memo.set(key, found ?? null);
    return found;
  };
  return {
    expired,
    cover(hit) {
      const c = find(hit);
      if (!c) return undefined;
      const { id, package: p, reason, expires } = c.item;
      return { allowlist: c.allowlist, id, ...(p ? { package: p } : {}), reason, ...(expires ? { expires } : {}) };
    },
  };
}
