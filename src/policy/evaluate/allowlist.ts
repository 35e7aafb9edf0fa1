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
  /** What a covered hit records (shared: records are not changed once built). */
  covers: NonNullable<PolicyHit["allowlisted"]>;
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
 * Items are filed under their id pattern's whole literal start; a hit looks up the start of each of its ids of
 * each length an item's start has (one or two lookups for most lists), so it is matched only against items
 * that can fit it, however many items share a prefix such as `CVE-2019-`.
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
      const { id, package: p, reason, expires } = item;
      const covers = { allowlist: l.id, id, ...(p ? { package: p } : {}), reason, ...(expires ? { expires } : {}) };
      const c: CompiledItem = { allowlist: l.id, item, covers, order: order++, id: wildcardMatcher(item.id.toLowerCase()), ...(pkg ? { pkg } : {}) };
      const bucket = byPrefix.get(prefix);
      if (bucket) bucket.push(c);
      else byPrefix.set(prefix, [c]);
    }
  }
  // Only the lengths some item's prefix has are looked up (most lists have one or two), shortest first.
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  // The same finding is hit by several rules, and the same policy evaluates many images: one answer per
  // finding id and package (aliases follow from the id), kept with the compiled set; nested maps, so a
  // lookup builds no key string. Bounded.
  const memo = new Map<string, Map<string, CompiledItem | null>>();
  let remembered = 0;
  function search(hit: Hit): CompiledItem | undefined {
    const pkg = hit.package?.toLowerCase();
    const purl = hit.purl?.toLowerCase();
    let best: CompiledItem | undefined;
    for (const raw of [hit.findingId, ...(hit.aliases ?? [])]) {
      const id = raw.toLowerCase();
      for (const n of prefixLengths) {
        if (n > id.length) break;
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
    return best;
  }
  function find(hit: Hit): CompiledItem | undefined {
    if (byPrefix.size === 0) return undefined;
    let perId = memo.get(hit.findingId);
    if (!perId) {
      if (remembered >= MAX_MEMO) {
        memo.clear();
        remembered = 0;
      }
      memo.set(hit.findingId, (perId = new Map()));
    }
    const key = hit.purl ?? hit.package ?? "";
    const known = perId.get(key);
    if (known !== undefined) return known ?? undefined;
    const best = search(hit);
    perId.set(key, best ?? null);
    remembered++;
    return best;
  }
  return {
    expired,
    cover(hit) {
      const c = find(hit);
      return c?.covers;
    },
  };
}

const MAX_MEMO = 100_000;
const DAY = 86_400_000;

/**
 * The compiled allowlists of a document for the given list ids on the UTC day of `now` (expiry is by whole
 * days): compiled once and kept with the document, so evaluating many images with one policy compiles its
 * allowlists once a day and remembers which item covers which finding.
 */
const compiledSets = new WeakMap<object, Map<string, AllowlistSet>>();

export function allowlistsOf(doc: { allowlists: readonly Allowlist[] }, listIds: readonly string[], now: Date): AllowlistSet {
  let sets = compiledSets.get(doc);
  if (!sets) compiledSets.set(doc, (sets = new Map()));
  const key = `${Math.floor(now.getTime() / DAY)}\0${listIds.join("\0")}`;
  let set = sets.get(key);
  if (!set) {
    if (sets.size >= 16) sets.clear();
    set = compileAllowlists(doc.allowlists.filter((a) => listIds.includes(a.id)), now);
    sets.set(key, set);
  }
  return set;
}
