/** Colours and column widths of the table report. */
import Table from "cli-table3";
import { createColors } from "picocolors";
import type { Severity } from "../../model/finding.js";
import { maxOf } from "../../util/array.js";

export type Colors = ReturnType<typeof createColors>;

export function colors(enabled: boolean): Colors {
  return createColors(enabled);
}

export function paintSeverity(c: Colors, s: Severity, text: string = s): string {
  switch (s) {
    case "CRITICAL": return c.bold(c.red(text));
    case "HIGH": return c.red(text);
    case "MEDIUM": return c.yellow(text);
    case "LOW": return c.blue(text);
    default: return c.gray(text);
  }
}

export interface Column {
  head: string;
  /** Longest content allowed before wrapping; the last column (flex) takes the remaining width. */
  max: number;
  flex?: boolean;
  /** Never narrowed below its content (ids, severities). */
  keep?: boolean;
}

/** A cli-table3 table whose columns fit `width`: content-sized columns, the flex column takes the rest. */
export function makeTable(columns: Column[], rows: string[][], width: number): Table.Table {
  const natural = columns.map((col, i) => maxOf(rows.map((r) => longestLine(r[i] ?? "")), col.head.length) + 2);
  const borders = columns.length + 1;
  const wanted = columns.map((col, i) => (col.flex ? 0 : Math.min(natural[i]!, col.max + 2)));
  const fixed = shrink(wanted, columns.map((c) => !c.flex && !c.keep), width - borders - MIN_FLEX);
  const rest = Math.max(MIN_FLEX, width - borders - fixed.reduce((a, b) => a + b, 0));
  const colWidths = columns.map((col, i) => (col.flex ? Math.min(natural[i]!, rest) : fixed[i]!));
  const table = new Table({ head: columns.map((c) => c.head), colWidths, wordWrap: true, wrapOnWordBoundary: true, style: { head: [], border: [] } });
  for (const r of rows) table.push(r);
  return table;
}

const MIN_FLEX = 24;
const MIN_COLUMN = 8;

/** Narrows the widest columns first until the widths fit `budget` (never below MIN_COLUMN). */
function shrink(widths: number[], shrinkable: boolean[], budget: number): number[] {
  const out = widths.slice();
  let excess = out.reduce((a, b) => a + b, 0) - budget;
  while (excess > 0) {
    const widest = maxOf(out.filter((_, i) => shrinkable[i]));
    const i = out.findIndex((w, j) => shrinkable[j] && w === widest);
    if (i < 0 || out[i]! <= MIN_COLUMN) break;
    out[i]!--;
    excess--;
  }
  return out;
}

function longestLine(s: string): number {
  // eslint-disable-next-line no-control-regex
  return maxOf(s.replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.length), 0);
}

export function heading(text: string, underline = "="): string {
  return `${text}\n${underline.repeat(Math.min(text.length, 120))}`;
}
