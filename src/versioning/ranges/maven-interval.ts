/** Maven/NuGet interval notation: `[1.0,2.0)`, `(,1.0]`, `[1.0]`, `[1.5,)`, unions `[1,2),[3,4)`. */
import { invalidRange } from "../define.js";
import type { SchemeId } from "../types.js";
import type { Comparator } from "./types.js";

const INTERVAL = /\s*([[(])\s*([^,\])]*?)\s*(?:(,)\s*([^\])]*?)\s*)?([\])])\s*,?/y;

export function looksLikeInterval(text: string): boolean {
  return /^\s*[[(]/.test(text);
}

export function parseIntervals(scheme: SchemeId, text: string): Comparator[][] {
  const out: Comparator[][] = [];
  INTERVAL.lastIndex = 0;
  const s = text.trim();
  while (INTERVAL.lastIndex < s.length) {
    const m = INTERVAL.exec(s);
    if (!m) throw invalidRange(scheme, text, `cannot read "${s.slice(INTERVAL.lastIndex)}"`);
    const [, open, lo = "", comma, hi = "", close] = m;
    if (!comma) {
      if (open !== "[" || close !== "]" || lo === "") throw invalidRange(scheme, text, "a single version needs [x]");
      out.push([{ op: "=", version: lo }]);
      continue;
    }
    const terms: Comparator[] = [];
    if (lo !== "") terms.push({ op: open === "[" ? ">=" : ">", version: lo });
    if (hi !== "") terms.push({ op: close === "]" ? "<=" : "<", version: hi });
    out.push(terms);
  }
  if (out.length === 0) throw invalidRange(scheme, text, "no interval");
  return out;
}
