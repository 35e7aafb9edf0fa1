/** Which policy applies to an image: the first mapping whose registry, repository and tag globs match; and the allowed/denied image lists. */
import type { ImageRule, Mapping, PolicyDocument } from "../document/schema.js";
import type { ImageName } from "../gate/types.js";
import { wildcardMatcher } from "../glob.js";

/** `*` matches anything, `/` included; an image without a tag matches only the tag `*`. */
export function imageMatches(sel: Pick<ImageRule, "registry" | "repository" | "tag">, image: ImageName): boolean {
  const m = (pattern: string, value: string | undefined) => pattern === "*" || (value !== undefined && wildcardMatcher(pattern, { fold: true })(value));
  return m(sel.registry, image.registry) && m(sel.repository, image.repository) && m(sel.tag, image.tag);
}

export interface Selected {
  mapping?: { index: number; mapping: Mapping };
  deny?: ImageRule;
  allow?: ImageRule;
}

export function selectFor(doc: PolicyDocument, image: ImageName): Selected {
  const index = doc.mappings.findIndex((m) => imageMatches(m, image));
  const deny = doc.images.deny.find((r) => imageMatches(r, image));
  const allow = doc.images.allow.find((r) => imageMatches(r, image));
  return { ...(index >= 0 ? { mapping: { index, mapping: doc.mappings[index]! } } : {}), ...(deny ? { deny } : {}), ...(allow ? { allow } : {}) };
}
