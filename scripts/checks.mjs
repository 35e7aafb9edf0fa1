#!/usr/bin/env node
// `npm test`'s steps before the tests: typecheck, lint and build, run at once (each is one single-threaded
// process: on two cores together they take about half the time of one after another). Each step's output is
// printed when it ends, with its time; the exit code is non-zero when any step failed.
// Usage: node scripts/checks.mjs [step…]   (steps: package.json scripts; default typecheck lint build)
import { spawn } from "node:child_process";

const steps = process.argv.length > 2 ? process.argv.slice(2) : ["typecheck", "lint", "build"];
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function runStep(name) {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(npm, ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => out.push(c));
    child.on("error", (err) => out.push(Buffer.from(`${err.message}\n`)));
    child.on("close", (code) => done({ name, code: code ?? 1, seconds: (Date.now() - started) / 1000, output: Buffer.concat(out).toString() }));
  });
}

const results = await Promise.all(steps.map(runStep));
for (const r of results) {
  console.log(`checks: ${r.name} ${r.code === 0 ? "passed" : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s`);
  if (r.output.trim()) process.stdout.write(r.output.endsWith("\n") ? r.output : `${r.output}\n`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
