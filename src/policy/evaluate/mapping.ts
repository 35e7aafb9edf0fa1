/** Which policy applies to an image: the first mapping whose registry, repository and tag globs match; and the allowed/denied image lists. */
import type { ImageRule, Mapping, PolicyDocument } from "../document/schema.js";
import type { ImageName } from "../gate/types.js";
import { wildcardMatcher } from "../glob.js";

type Selector = Pick<ImageRule, "registry" | "repository" | "tag">;
type Test = (image: ImageName) => boolean;

/** Each selector's globs compiled once (selectors are parts of a loaded document, never changed). */
const compiled = new WeakMap<Selector, Test>();

function matcherOf(sel: Selector): Test {
  let t = compiled.get(sel);
  if (!t) {
    const m = (pattern: string): ((v: string | undefined) => boolean) => {
      if (pattern === "*") return () => true;
      const w = wildcardMatcher(pattern, { fold: true });
      return (v) => v !== undefined && w(v);
    };
    const [registry, repository, tag] = [m(sel.registry), m(sel.repository), m(sel.tag)];
    t = (image) => registry(image.registry) && repository(image.repository) && tag(image.tag);
    compiled.set(sel, t);
  }
  return t;
}

/** `*` matches anything, `/` included; an image without a tag matches only the tag `*`. */
export function imageMatches(sel: Selector, image: ImageName): boolean {
  return matcherOf(sel)(image);
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
