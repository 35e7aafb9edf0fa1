/**
 * A guard for YAML from untrusted files. The yaml parser recurses on nested flow collections (`[[[…`): past
 * a few hundred levels it overflows the stack, and when the overflow lands in V8's regexp compiler the
 * process aborts ("RegExpCompiler Allocation failed - process out of memory") — nothing can catch that. Real
 * lockfiles, manifests and feed records nest a few levels; text nested deeper than this is refused unparsed.
 */
export const MAX_YAML_FLOW_DEPTH = 64;

/** True when `[`/`{` nest deeper than `limit` (quotes ignored: may over-count, never under-count). */
export function yamlFlowTooDeep(text: string, limit = MAX_YAML_FLOW_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}
