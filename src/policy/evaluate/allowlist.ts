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
  /** Position in the document: of several items covering a hit, the first wins. */
  order: number;
  id: (s: string) => boolean;
  pkg?: (s: string) => boolean;
}

/** The id pattern's literal start (before any wildcard), lower case. */
const literalPrefix = (pattern: string): string => {
  const i = pattern.search(/[*?[]/);
  return (i < 0 ? pattern : pattern.slice(0, i)).toLowerCase();
};

export interface AllowlistSet {
  /** The live item covering `hit`, if any. */
  cover(hit: Hit): PolicyHit["allowlisted"];
  expired: ExpiredAllowlistItem[];
}

/**
 * Items are filed under their id pattern's whole literal start; a hit looks up each start of each of its ids
 * (an id of 20 characters: 21 map lookups), so it is matched only against items that can fit it, however many
 * items share a prefix such as `CVE-2019-`.
 */
export function compileAllowlists(lists: readonly Allowlist[], now: Date): AllowlistSet {
  const byPrefix = new Map<string, CompiledItem[]>();
  const expired: ExpiredAllowlistItem[] = [];
  let order = 0;
  for (const l of lists) {
    for (const item of l.items) {
      if (item.expires && isExpired(item.expires, now)) {
        expired.push({ allowlist: l.id, id: item.id, ...(item.package ? { package: item.package } : {}), expires: item.expires, reason: item.reason });
        continue;
      }
      const pkg = item.package ? wildcardMatcher(item.package.toLowerCase()) : undefined;
      const prefix = literalPrefix(item.id);
      const c: CompiledItem = { allowlist: l.id, item, order: order++, id: wildcardMatcher(item.id.toLowerCase()), ...(pkg ? { pkg } : {}) };
      const bucket = byPrefix.get(prefix);
      if (bucket) bucket.push(c);
      else byPrefix.set(prefix, [c]);
    }
  }
  // The same finding is hit by several rules: one answer per finding and package.
  const memo = new Map<string, CompiledItem | null>();
  function find(hit: Hit): CompiledItem | undefined {
    // A finding's aliases follow from its id: the key needs only the id and the package.
    const key = `${hit.findingId}\0${hit.package ?? ""}\0${hit.purl ?? ""}`;
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const pkg = hit.package?.toLowerCase();
    const purl = hit.purl?.toLowerCase();
    let best: CompiledItem | undefined;
    for (const raw of [hit.findingId, ...(hit.aliases ?? [])]) {
      const id = raw.toLowerCase();
      for (let n = 0; n <= id.length; n++) {
        const bucket = byPrefix.get(id.slice(0, n));
        if (!bucket) continue;
        for (const c of bucket) {
          if (best && best.order < c.order) break;
          if (!c.id(id)) continue;
          if (c.pkg && !((pkg !== undefined && c.pkg(pkg)) || (purl !== undefined && c.pkg(purl)))) continue;
          best = c;
          break;
        }
      }
    }
    memo.set(key, best ?? null);
    return best;
  }
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
