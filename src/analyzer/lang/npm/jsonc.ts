/** JSON with comments and trailing commas (bun.lock): stripped outside strings, then JSON.parse with a warning on failure. */
import { parseJson } from "../types.js";

const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
const COMMENTS = new RegExp(`(${STRING})|//[^\\n]*|/\\*[\\s\\S]*?(?:\\*/|$)`, "g");
const TRAILING_COMMAS = new RegExp(`(${STRING})|,(?=\\s*[}\\]])`, "g");

/** Removes `//` and `/* *\/` comments outside strings, then commas that only precede `}` or `]`. */
export function stripJsonc(text: string): string {
  const keepStrings = (_all: string, str: string | undefined): string => str ?? "";
  return text.replace(COMMENTS, keepStrings).replace(TRAILING_COMMAS, keepStrings);
}

export function parseJsonc(content: Buffer, path: string, warnings: string[]): unknown {
  const text = stripJsonc(content.toString("utf8").replace(/^\uFEFF/, ""));
  return parseJson(Buffer.from(text, "utf8"), path, warnings);
}
