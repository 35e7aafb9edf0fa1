import type { SchemeId } from "../types.js";

/** `in`/`notin` test membership of [version, upper): PEP 440 wildcards (`==1.2.*`, `!=1.2.*`). */
export type Operator = "<" | "<=" | ">" | ">=" | "=" | "!=" | "===" | "in" | "notin";

export interface Comparator {
  op: Operator;
  version: string;
  /** Exclusive upper bound for `in` / `notin`. */
  upper?: string;
}

/** A union (OR) of intersections (AND) of comparators; an empty intersection matches every version. */
export interface Range {
  scheme: SchemeId;
  text: string;
  alternatives: Comparator[][];
}
