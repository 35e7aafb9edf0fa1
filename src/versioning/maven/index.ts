/**
 * Maven versions, ordered as Maven's ComparableVersion: `.` and `-` separators, digit/letter transitions,
 * qualifiers alpha < beta < milestone < rc < snapshot < "" (= ga, final, release) < sp < unknown (lexical).
 */
import { defineScheme } from "../define.js";
import { sign, type Sign } from "../types.js";
import { cmpItem, normalize, numItem, strItem, type Item, type ListItem } from "./items.js";

export type { ListItem as MavenVersion } from "./items.js";

const MAX_LENGTH = 256;
const UNICODE_DIGIT = /\p{Nd}/u;
const isAscii = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/** Value of a Unicode decimal digit (Java's Character.digit), as an ASCII digit. */
function asciiDigit(ch: string): string {
  if (isAscii(ch)) return ch;
  let cp = ch.codePointAt(0)!;
  let start = cp;
  while (UNICODE_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  cp = (cp - start) % 10;
  return String(cp);
}

function comboItem(buf: string): Item {
  const s = buf.replaceAll("-", "");
  const chars = [...s];
  const idx = Math.max(0, chars.findIndex((c) => UNICODE_DIGIT.test(c)));
  return {
    k: "comb",
    str: strItem(chars.slice(0, idx).join(""), true),
    num: numItem(chars.slice(idx).map(asciiDigit).join("")),
  };
}

function parseItem(combination: boolean, digit: boolean, buf: string): Item {
  if (combination) return comboItem(buf);
  if (digit) return numItem(buf);
  return strItem(buf, false);
}

interface State { list: ListItem; stack: ListItem[] }

function push(st: State): void {
  const child: ListItem = { k: "list", items: [] };
  st.list.items.push(child);
  st.list = child;
  st.stack.push(child);
}

export function parseMaven(input: string): ListItem | string {
  if (input.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  const v = input.trim().toLowerCase();
  if (v === "") return "version string is empty";
  const root: ListItem = { k: "list", items: [] };
  const st: State = { list: root, stack: [root] };
  let digit = false;
  let combination = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === ".") {
      st.list.items.push(i === start ? numItem("0") : parseItem(combination, digit, v.slice(start, i)));
      combination = false;
      start = i + 1;
    } else if (c === "-") {
      if (i === start) st.list.items.push(numItem("0"));
      else {
        if (!digit && i !== v.length - 1 && UNICODE_DIGIT.test(v[i + 1]!)) {
          combination = true;
          continue;
        }
        st.list.items.push(parseItem(combination, digit, v.slice(start, i)));
      }
      start = i + 1;
      if (st.list.items.length > 0) push(st);
      combination = false;
    } else if (isAscii(c)) {
      if (!digit && i > start) {
        combination = true;
        if (st.list.items.length > 0) push(st);
      }
      digit = true;
    } else {
      if (digit && i > start) {
        st.list.items.push(parseItem(combination, true, v.slice(start, i)));
        start = i;
        push(st);
        combination = false;
      }
      digit = false;
    }
  }
  if (v.length > start) {
    if (!digit && st.list.items.length > 0) push(st);
    st.list.items.push(parseItem(combination, digit, v.slice(start)));
  }
  for (let i = st.stack.length - 1; i >= 0; i--) normalize(st.stack[i]!);
  return root;
}

export function compareMavenParsed(a: ListItem, b: ListItem): Sign {
  return sign(cmpItem(a, b));
}

export const maven = defineScheme<ListItem>(
  "maven",
  "Maven ComparableVersion: 1.0-alpha-1 < 1.0-rc1 < 1.0-SNAPSHOT < 1.0 < 1.0-sp1",
  parseMaven,
  compareMavenParsed,
);
