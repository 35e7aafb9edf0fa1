/**
 * Version comparison for every ecosystem: `versioning.get("deb").compare("1:2.3~rc1-1", "2.3-1")`, OSV range
 * evaluation (`osvAffected`) and native advisory range syntaxes (`satisfies`). See docs/versioning.md.
 */
import { DredgeError } from "../errors.js";
import { schemes } from "./registry.js";
import type { SchemeId, VersionScheme } from "./types.js";

export type { SchemeId, Sign, VersionScheme } from "./types.js";
export { schemes, schemeIdForEcosystem } from "./registry.js";
export { osvAffected } from "./ranges/osv.js";
export type { OsvAffected, OsvEvent, OsvRange } from "./ranges/osv.js";
export { satisfies, parseRange } from "./ranges/native.js";
export type { Range, Comparator } from "./ranges/native.js";

/** All scheme ids, in registry order. */
export const ids: readonly SchemeId[] = Object.keys(schemes) as SchemeId[];

export function isSchemeId(id: string): id is SchemeId {
  return Object.hasOwn(schemes, id);
}

/** The scheme with this id; throws DredgeError USAGE for an unknown id. */
export function get(id: string): VersionScheme {
  if (!isSchemeId(id)) {
    throw new DredgeError("USAGE", `unknown version scheme "${id}"`, { hint: `known schemes: ${ids.join(", ")}` });
  }
  return schemes[id];
}
