/**
 * The comparator-list syntax shared by advisories: `>= 1.0, < 1.2.3` (GHSA), `>=1.0 <2`, alternatives
 * with `||` (or Composer's `|`). A bare version means `=`. Scheme-specific operators are expanded by the
 * `expand` hook (`~>` RubyGems, `~=`/`==X.*` PEP 440, `^`/`~` Composer).
 */
import { invalidRange } from "../define.js";
import type { SchemeId } from "../types.js";
import type { Comparator, Operator } from "./types.js";
import { pushAll } from "../../util/array.js";

export type Expand = (op: string, version: string) => Comparator[] | undefined;

const TERM = /\s*(===|~>|~=|>=|<=|<<|>>|==|!=|=>|=<|<|>|=|\^|~)?\s*([^\s,|]+)\s*,?/y;
const BASIC: Record<string, Operator> = {
  "": "=", "=": "=", "==": "=", "!=": "!=", "<": "<", "<<": "<", ">>": ">", "<=": "<=", "=<": "<=", ">": ">", ">=": ">=", "=>": ">=",
};

export function parseComparatorList(scheme: SchemeId, text: string, expand?: Expand): Comparator[][] {
  const alternatives: Comparator[][] = [];
  for (const alt of text.split(/\|\|?/)) {
    const terms: Comparator[] = [];
    TERM.lastIndex = 0;
    const s = alt.trim();
    if (s === "" || s === "*") {
      if (s === "" && text.trim() !== "") throw invalidRange(scheme, text, "empty alternative");
      alternatives.push(terms);
      continue;
    }
    while (TERM.lastIndex < s.length) {
      const m = TERM.exec(s);
      if (!m) throw invalidRange(scheme, text, `cannot read "${s.slice(TERM.lastIndex)}"`);
      const op = m[1] ?? "";
      const version = m[2]!;
      const special = expand?.(op, version);
      if (special) pushAll(terms, special);
      else if (op in BASIC) terms.push({ op: BASIC[op]!, version });
      else throw invalidRange(scheme, text, `operator "${op}" is not part of the ${scheme} range syntax`);
    }
    alternatives.push(terms);
  }
  return alternatives;
}
