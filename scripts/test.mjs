#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (tsx loader).
// Usage: node scripts/test.mjs [filter substring…]
// Files named *.slow.test.ts run last, with a longer timeout.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { testFiles } from "./test-files.mjs";

const files = testFiles();
const filters = process.argv.slice(2);
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
// *.slow.test.ts (none at present; once the npm pack install, when it compiled better-sqlite3): run after the
// others, with an hour each.
const isSlow = (f) => f.endsWith(".slow.test.ts");
const run = (list, timeoutMs) =>
  list.length === 0 ? 0 : (spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", `--test-timeout=${timeoutMs}`, ...list], { stdio: "inherit" }).status ?? 1);
// One directory per run for what test files share (the fixture database: test/scan/fixture-db.ts), removed after.
const own = !process.env.DREDGE_TEST_RUN_DIR;
if (own) process.env.DREDGE_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), "dredge-test-run-"));
const fast = run(selected.filter((f) => !isSlow(f)), 600_000);
const slow = run(selected.filter(isSlow), 3_600_000);
if (own) rmSync(process.env.DREDGE_TEST_RUN_DIR, { recursive: true, force: true });
process.exit(fast || slow);
