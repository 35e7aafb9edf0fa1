/** Runs every bench suite (or those named on the command line) and prints a table of figures. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * bench/ratios.json: the last accepted ratio of each row (never absolute times: they depend on the machine).
 * `npm run bench -- --accept [suite…]` writes today's ratios of the rows run into it.
 */
const ratiosFile = join(import.meta.dirname, "ratios.json");
type Ratios = Record<string, number>;
const readRatios = (): Ratios => (existsSync(ratiosFile) ? (JSON.parse(readFileSync(ratiosFile, "utf8")) as Ratios) : {});
const rowKey = (r: BenchRow): string => r.key ?? `${r.suite}:${r.name.replace(/\s*\([^)]*\d[^)]*\)/g, "")}`;

function accept(rows: readonly BenchRow[]): void {
  const ratios = readRatios();
  for (const r of rows) if (r.ratio !== undefined) ratios[rowKey(r)] = Number(r.ratio.toFixed(3));
  const sorted = Object.fromEntries(Object.entries(ratios).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(ratiosFile, JSON.stringify(sorted, null, 2) + "\n");
  console.error(`accepted today's ratios into ${ratiosFile}`);
}

function print(rows: readonly BenchRow[]): void {
  const accepted = readRatios();
  for (const r of rows) {
    const last = accepted[rowKey(r)];
    const was = r.ratio === undefined || last === undefined ? "" : ` (accepted ${last.toFixed(2)}×${r.ratio > last * 1.1 ? ", WORSE" : ""})`;
    const ratio = r.ratio === undefined ? "" : `  ${r.ratio.toFixed(2)}× ${r.baseline ?? ""}${was}`;
    const target = r.target ? `  target ${r.target} ${r.ok === undefined ? "" : r.ok ? "OK" : "MISSED"}` : "";
    console.log(`${r.suite.padEnd(12)} ${r.name.padEnd(48)} ${fmt(r.value)} ${r.unit}${ratio}${target}`);
  }
}

function fmt(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(v < 10 ? 3 : 1);
}

const args = process.argv.slice(2);
const wanted = args.filter((a) => a !== "--accept");
const selected = suites.filter((s) => wanted.length === 0 || wanted.includes(s.id));
const rows = await runAll(selected);
print(rows);
if (args.includes("--accept")) accept(rows);
