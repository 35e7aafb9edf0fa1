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
  id: (s: string) => boolean;
  pkg?: (s: string) => boolean;
}

export interface AllowlistSet {
  /** The live item covering `hit`, if any. */
  cover(hit: Hit): PolicyHit["allowlisted"];
  expired: ExpiredAllowlistItem[];
}

export function compileAllowlists(lists: readonly Allowlist[], now: Date): AllowlistSet {
  const live: CompiledItem[] = [];
  const expired: ExpiredAllowlistItem[] = [];
  for (const l of lists) {
    for (const item of l.items) {
      if (item.expires && isExpired(item.expires, now)) {
        expired.push({ allowlist: l.id, id: item.id, ...(item.package ? { package: item.package } : {}), expires: item.expires, reason: item.reason });
        continue;
      }
      const pkg = item.package ? wildcardMatcher(item.package, { fold: true }) : undefined;
      live.push({ allowlist: l.id, item, id: wildcardMatcher(item.id, { fold: true }), ...(pkg ? { pkg } : {}) });
    }
  }
  return {
    expired,
    cover(hit) {
      const c = live.find((x) => (x.id(hit.findingId) || (hit.aliases ?? []).some(x.id)) && (!x.pkg || (hit.package !== undefined && x.pkg(hit.package)) || (hit.purl !== undefined && x.pkg(hit.purl))));
      if (!c) return undefined;
      const { id, package: p, reason, expires } = c.item;
      return { allowlist: c.allowlist, id, ...(p ? { package: p } : {}), reason, ...(expires ? { expires } : {}) };
    },
  };
}
