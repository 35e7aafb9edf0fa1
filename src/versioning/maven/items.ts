/**
 * The item tree of Maven's ComparableVersion (Maven 4): numbers, qualifiers, combinations (`rc1`) and
 * nested lists (after `-` or a digit/letter transition), with the comparison rules between them.
 */
export type Item = NumItem | StrItem | CombItem | ListItem;
export interface NumItem { k: "num"; digits: string }
export interface StrItem { k: "str"; value: string; cq: string }
export interface CombItem { k: "comb"; str: StrItem; num: NumItem }
export interface ListItem { k: "list"; items: Item[] }

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE = new Set(["ga", "final", "release"]);
const RELEASE_INDEX = "5";

export function numItem(digits: string): NumItem {
  const d = digits.replace(/^0+/, "");
  return { k: "num", digits: d === "" ? "0" : d };
}

export function strItem(raw: string, followedByDigit: boolean): StrItem {
  let value = raw;
  if (followedByDigit && raw.length === 1) value = raw === "a" ? "alpha" : raw === "b" ? "beta" : raw === "m" ? "milestone" : raw;
  if (value === "cr") value = "rc";
  const i = QUALIFIERS.indexOf(value);
  const cq = RELEASE.has(value) ? RELEASE_INDEX : i === -1 ? `${QUALIFIERS.length}-${value}` : String(i);
  return { k: "str", value, cq };
}

export function isNull(it: Item): boolean {
  if (it.k === "num") return it.digits === "0";
  if (it.k === "str") return it.value === "";
  if (it.k === "list") return it.items.length === 0;
  return false;
}

const strCmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function cmpNum(a: NumItem, b: Item | null): number {
  if (b === null) return a.digits === "0" ? 0 : 1;
  if (b.k !== "num") return 1;
  if (a.digits.length !== b.digits.length) return a.digits.length < b.digits.length ? -1 : 1;
  return strCmp(a.digits, b.digits);
}

function cmpStr(a: StrItem, b: Item | null): number {
  if (b === null) return strCmp(a.cq, RELEASE_INDEX);
  switch (b.k) {
    case "num":
      return -1;
    case "str":
      return strCmp(a.cq, b.cq);
    case "comb": {
      const r = cmpStr(a, b.str);
      if (r !== 0) return r;
      return cmpStr(a, null) === 0 ? -cmpNum(b.num, null) : -1;
    }
    case "list":
      return -cmpList(b, a);
  }
}

function cmpComb(a: CombItem, b: Item | null): number {
  if (b === null) {
    const r = cmpStr(a.str, null);
    return r === 0 ? cmpNum(a.num, null) : r;
  }
  switch (b.k) {
    case "num":
      return -1;
    case "str": {
      const r = cmpStr(a.str, b);
      if (r !== 0) return r;
      return cmpStr(a.str, null) === 0 ? cmpNum(a.num, null) : 1;
    }
    case "list":
      return -cmpList(b, a);
    case "comb": {
      const r = cmpStr(a.str, b.str);
      return r === 0 ? cmpNum(a.num, b.num) : r;
    }
  }
}

function cmpList(a: ListItem, b: Item | null): number {
  const xs = a.items;
  if (b === null) {
    for (const it of xs) {
      const r = cmpItem(it, null);
      if (r !== 0) return r;
    }
    return 0;
  }
  if (b.k === "num") return -1;
  if (b.k === "str" || b.k === "comb") {
    let r = xs.length === 0 ? -cmpItem(b, null) : cmpItem(xs[0]!, b);
    for (let i = 1; r === 0 && i < xs.length; i++) r = cmpItem(xs[i]!, null);
    return r;
  }
  const ys = b.items;
  const n = Math.max(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const l = xs[i];
    const r = ys[i];
    const c = l === undefined ? (r === undefined ? 0 : -cmpItem(r, null)) : cmpItem(l, r ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

export function cmpItem(a: Item, b: Item | null): number {
  switch (a.k) {
    case "num":
      return cmpNum(a, b);
    case "str":
      return cmpStr(a, b);
    case "comb":
      return cmpComb(a, b);
    case "list":
      return cmpList(a, b);
  }
}

/** Drops null items before a qualifier or at the end, as ListItem.normalize. */
export function normalize(list: ListItem): void {
  const xs = list.items;
  for (let i = xs.length - 1; i >= 0; i--) {
    if (!isNull(xs[i]!)) continue;
    const next = xs[i + 1];
    if (next === undefined || next.k === "str") xs.splice(i, 1);
    else if (next.k === "list") {
      const first = next.items[0];
      if (first !== undefined && (first.k === "comb" || first.k === "str")) xs.splice(i, 1);
    }
  }
  const only = xs[0];
  if (xs.length === 1 && only !== undefined && only.k === "list") list.items = only.items;
}
