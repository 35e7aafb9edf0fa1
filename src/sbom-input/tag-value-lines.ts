/**
 * The lexical layer of SPDX tag-value: `Tag: value` lines, `#` comments, blank lines, and `<text>…</text>`
 * values that may span lines. Reports each tag with its 1-based line number; problems (malformed lines,
 * unclosed `<text>`, over-long values) are handed to `onProblem`, never thrown.
 */

/** Longest value kept (a `<text>` licence text included); longer ones are cut and reported. */
export const MAX_VALUE_CHARS = 1024 * 1024;

export type LineProblem = "malformed" | "binary" | "unclosed-text" | "long-value";

export interface TagValueVisitor {
  onTag(tag: string, value: string, line: number): void;
  onProblem(kind: LineProblem, line: number, sample: string): void;
}

const TAG_LINE = /^([A-Za-z][A-Za-z0-9_.-]*):(.*)$/;
// C0 controls other than tab/LF/VT/FF/CR, DEL, and U+FFFD (what invalid UTF-8 decodes to).
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/;
const OPEN = "<text>";
const CLOSE = "</text>";

/** Walk `text` (already decoded, BOM stripped) and call the visitor for every tag and problem. */
export function scanTagValue(text: string, v: TagValueVisitor): void {
  let pos = 0;
  let line = 1;
  let noCloseFrom = Infinity; // no "</text>" at or after this offset: later searches are pointless
  while (pos < text.length) {
    const lineStart = pos;
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const raw = text.slice(lineStart, end).replace(/\r$/, "");
    const here = line;
    pos = nl === -1 ? text.length : nl + 1;
    line++;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const m = TAG_LINE.exec(trimmed);
    if (!m?.[1] || m[2] === undefined) {
      v.onProblem(BINARY.test(raw) ? "binary" : "malformed", here, raw);
      continue;
    }
    const tag = m[1];
    let value = m[2].trim();
    if (value.startsWith(OPEN)) {
      const start = lineStart + raw.indexOf(OPEN) + OPEN.length;
      const close = start >= noCloseFrom ? -1 : text.indexOf(CLOSE, start);
      if (close === -1) {
        noCloseFrom = start;
        v.onProblem("unclosed-text", here, raw);
        value = value.slice(OPEN.length).trim(); // read as a one-line value; the next lines are tags again
      } else {
        value = text.slice(start, close).replace(/\r\n/g, "\n").trim();
        if (close > end) {
          // the block ends on a later line: resume after that line (text after "</text>" is ignored)
          line = here + countNewlines(text, end, close) + 1;
          const after = text.indexOf("\n", close);
          pos = after === -1 ? text.length : after + 1;
        }
      }
    }
    if (BINARY.test(value)) {
      v.onProblem("binary", here, raw);
      continue;
    }
    if (value.length > MAX_VALUE_CHARS) {
      v.onProblem("long-value", here, raw);
      value = value.slice(0, MAX_VALUE_CHARS);
    }
    v.onTag(tag, value, here);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** A line shortened and stripped of control characters, safe to quote in a message. */
export function sample(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.slice(0, 200).replace(/[\u0000-\u001F\u007F-\u009F\uFFFD]/g, "?").trim();
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}
