/** JSON with comments and trailing commas (bun.lock): stripped outside strings, then JSON.parse with a warning on failure. */
import { parseJson } from "../types.js";

/** Removes `//` and `/* *\/` comments outside strings, then commas that only precede `}` or `]`. */
export function stripJsonc(text: string): string {
  return dropTrailingCommas(dropComments(text));
}

function dropComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function dropTrailingCommas(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === ",") {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === "}" || text[j] === "]") {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** Index just past the string that starts at `start` (a `"`), or the end of the text. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return text.length;
}

export function parseJsonc(content: Buffer, path: string, warnings: string[]): unknown {
  const text = stripJsonc(content.toString("utf8").replace(/^\uFEFF/, ""));
  return parseJson(Buffer.from(text, "utf8"), path, warnings);
}
