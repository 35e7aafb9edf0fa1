/** Runs every bench suite (or those named on the command line) and prints a table of figures. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow, BenchSuite } from "./types.js";
import { suites } from "./suites.js";

async function runAll(selected: readonly BenchSuite[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const suite of selected) {
    const tmpDir = mkdtempSync(join(tmpdir(), `dredge-bench-${suite.id}-`));
    try {
      console.error(`== ${suite.id}`);
      rows.push(...(await suite.run({ tmpDir, log: (m) => console.error(`   ${m}`) })));
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  return rows;
}

function print(rows: readonly BenchRow[]): void {
  for (const r of rows) {
    const ratio = r.ratio === undefined ? "" : `  ${r.ratio.toFixed(2)}× ${r.baseline ?? ""}`;
    const target = r.target ? `  target ${r.target} ${r.ok === undefined ? "" : r.ok ? "OK" : "MISSED"}` : "";
    console.log(`${r.suite.padEnd(12)} ${r.name.padEnd(48)} ${fmt(r.value)} ${r.unit}${ratio}${target}`);
  }
}

function fmt(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(v < 10 ? 3 : 1);
}

const wanted = process.argv.slice(2);
const selected = suites.filter((s) => wanted.length === 0 || wanted.includes(s.id));
print(await runAll(selected));
