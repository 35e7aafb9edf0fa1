/** The diff's output formats, one writer each. */
import { DredgeError } from "../../errors.js";
import { writeText } from "../../report/common/write.js";
import type { ImageDiff } from "../types.js";
import { renderDiffJson } from "./json.js";
import { renderDiffMarkdown } from "./markdown.js";
import { renderDiffTable, type DiffTableOptions } from "./table.js";

export type DiffFormat = "table" | "json" | "markdown";
export const diffFormats: readonly DiffFormat[] = ["table", "json", "markdown"];

export const isDiffFormat = (s: string): s is DiffFormat => (diffFormats as readonly string[]).includes(s);

/** The diff in `format` as text. */
export function renderDiff(d: ImageDiff, format: DiffFormat, options: Partial<DiffTableOptions> = {}): string {
  if (format === "json") return renderDiffJson(d);
  if (format === "markdown") return renderDiffMarkdown(d);
  if (format === "table") return renderDiffTable(d, { color: options.color ?? false, ...(options.width ? { width: options.width } : {}) });
  throw new DredgeError("USAGE", `unknown diff format ${String(format)}`);
}

/** Writes the diff in `format` to `out`. */
export const writeDiff = (d: ImageDiff, format: DiffFormat, out: NodeJS.WritableStream, options: Partial<DiffTableOptions> = {}): Promise<void> =>
  writeText(out, renderDiff(d, format, options));

export { renderDiffJson, DIFF_SCHEMA_VERSION } from "./json.js";
export { renderDiffMarkdown } from "./markdown.js";
export { renderDiffTable, type DiffTableOptions } from "./table.js";
