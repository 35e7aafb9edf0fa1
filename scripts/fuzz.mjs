#!/usr/bin/env node
// Longer fuzz runs than the test run's default budget, without its per-file timeout:
//   DREDGE_FUZZ_SECONDS=300 node scripts/fuzz.mjs [family…]     (default: every family; see test/fuzz/budget.ts)
// Runs test/fuzz/<family>.test.ts one file at a time (the machine's other cores stay free).
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const dir = "test/fuzz";
const all = readdirSync(dir).filter((f) => f.endsWith(".test.ts")).map((f) => f.slice(0, -".test.ts".length)).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown fuzz families: ${unknown.join(", ")} (have: ${all.join(", ")})`);
  process.exit(1);
}
const files = (wanted.length > 0 ? wanted : all).map((f) => `${dir}/${f}.test.ts`);
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
