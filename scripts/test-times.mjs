#!/usr/bin/env node
// Where a test run's time goes, from its TAP output (what `node scripts/test.mjs` prints when not on a terminal,
// e.g. CI's log): the test files ranked by the summed duration of their top-level tests and suites, then the
// slowest tests at any depth. Node's TAP does not name a test's file: a top-level name is looked up as a
// string literal in the test files ("?" when no file or several hold it). Time spent in a file's top-level
// before()/after() hooks belongs to no test and is not counted.
// Usage: node scripts/test-times.mjs LOG [--top N]
import { readFileSync } from "node:fs";
import { testFiles } from "./test-files.mjs";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const log = args.find((a, i) => !a.startsWith("--") && i !== topAt + 1);
if (!log) {
  console.error("usage: node scripts/test-times.mjs LOG [--top N]");
  process.exit(2);
}

/** Every finished test: name, depth, suite or test, duration in ms, the names of its parents. */
function parseTap(text) {
  const tests = [];
  const stack = [];
  let last;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^\d{10} /, ""); // a timestamped copy of the log
    const indent = line.length - line.trimStart().length;
    const depth = Math.floor(indent / 4);
    const sub = /^\s*# Subtest: (.*)$/.exec(line);
    if (sub) {
      stack.length = depth;
      stack[depth] = sub[1];
      continue;
    }
    const result = /^\s*(not )?ok \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(line);
    if (result) {
      last = { name: result[2], depth, ok: !result[1], suite: false, ms: 0, parents: stack.slice(0, depth) };
      tests.push(last);
      continue;
    }
    const duration = /^\s*duration_ms: ([\d.]+)/.exec(line);
    if (duration && last && indent > last.depth * 4) last.ms = Number(duration[1]);
    if (last && /^\s*type: 'suite'/.test(line)) last.suite = true;
  }
  return tests;
}

const sources = () => testFiles().map((f) => ({ file: f, text: readFileSync(f, "utf8") }));

/** The one test file whose source holds `name` as a string literal. */
function fileOf(name, files) {
  const quoted = [JSON.stringify(name), `'${name}'`, `\`${name}\``];
  const hits = files.filter((f) => quoted.some((q) => f.text.includes(q)));
  return hits.length === 1 ? hits[0].file : "?";
}

const tests = parseTap(readFileSync(log, "utf8"));
const files = sources();
const perFile = new Map();
for (const t of tests.filter((x) => x.depth === 0)) {
  const file = fileOf(t.name, files);
  const row = perFile.get(file) ?? { ms: 0, tests: 0, names: [] };
  row.ms += t.ms;
  row.tests += 1;
  if (file === "?") row.names.push(t.name);
  perFile.set(file, row);
}
const s = (ms) => (ms / 1000).toFixed(1).padStart(7);
const total = tests.filter((x) => x.depth === 0).reduce((a, t) => a + t.ms, 0);
console.log(`${tests.length} results, top-level sum ${s(total)} s (over every worker: not wall time)\n`);
console.log("seconds  top-level  file");
for (const [file, row] of [...perFile].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(`${s(row.ms)}  ${String(row.tests).padStart(9)}  ${file}${row.names.length ? `  (${row.names.slice(0, 3).join(" | ")})` : ""}`);
}
console.log("\nseconds  slowest tests (leaves: not suites)");
for (const t of tests.filter((x) => !x.suite).sort((a, b) => b.ms - a.ms).slice(0, top)) {
  console.log(`${s(t.ms)}  ${[...t.parents, t.name].join(" > ").slice(0, 150)}`);
}
