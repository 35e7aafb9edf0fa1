/**
 * Whole processes as the `cli` and `big` suites time them: `dredge` (bin/dredge.js's main, the bundle when
 * built) with its in-process time, CPU time and peak RSS; shell yardsticks with their children's CPU time;
 * peers (any executable) with wall time, CPU time and peak RSS from GNU time when installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PEAK_RSS_SNIPPET } from "./types.js";

const root = join(import.meta.dirname, "..");

export interface Run {
  ms: number;
  /** main() alone (module loading of the command included). */
  inMs?: number;
  /** User + system CPU of the process (every thread) or of the shell's children. */
  cpuMs?: number;
  maxRssBytes?: number;
}

/** Runs bin/dredge.js's main in this process and reports in-process time, CPU and peak RSS on stderr. */
const wrapper = `
${PEAK_RSS_SNIPPET}
const t0 = performance.now();
const { existsSync } = await import("node:fs");
const bundle = ${JSON.stringify(join(root, "dist/bundle/dredge.js"))};
const { main } = await import(existsSync(bundle) ? bundle : ${JSON.stringify(join(root, "dist/cli/main.js"))});
const code = await main(["node", "dredge", ...process.argv.slice(1)]);
const cpu = process.cpuUsage();
process.stderr.write("\\nBENCH " + JSON.stringify({ inMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: peakRss() }) + "\\n");
process.stdout.write("", () => process.exit(code));
`;

/** `dredge ARGS` as a whole process; stdout is discarded unless `stdoutFile` (via a shell redirect) is wanted. */
export function dredge(args: readonly string[], options: { nodeFlags?: readonly string[]; timeoutMs?: number } = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(options.nodeFlags ?? []), "--input-type=module", "-e", wrapper, "--", ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: options.timeoutMs ?? 3_600_000,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`dredge ${args.join(" ")}: exit ${r.status} ${r.signal ?? ""}: ${r.stderr.slice(-500)}`);
  const m = /\nBENCH (.*)\n/.exec(r.stderr);
  if (!m) throw new Error(`dredge ${args.join(" ")}: no timing from the wrapper: ${r.stderr.slice(-500)}`);
  return { ms, ...(JSON.parse(m[1]!) as Omit<Run, "ms">) };
}

/** A bash script; its children's CPU time from bash's `times`. */
export function shell(script: string): Run {
  const t0 = performance.now();
  const r = spawnSync("bash", ["-c", `${script}\ntimes`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script}: exit ${r.status}`);
  const children = r.stdout.trim().split("\n").pop()!.split(/\s+/).map(seconds);
  return { ms, cpuMs: children.reduce((a, b) => a + b, 0) * 1000 };
}

/** `1m2.345s` → 62.345 */
function seconds(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

const GNU_TIME = "/usr/bin/time";

/** An executable as a whole process (undefined when it fails); CPU and peak RSS when GNU time is there. */
export function program(cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Run | undefined {
  const timed = existsSync(GNU_TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(GNU_TIME, ["-f", "BENCH %U %S %M", cmd, ...args], { cwd, env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], timeout: 1_800_000, maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { cwd, env, stdio: "ignore", timeout: 1_800_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) return undefined;
  const m = timed ? /BENCH ([\d.]+) ([\d.]+) (\d+)/.exec(String(r.stderr)) : null;
  return m ? { ms, cpuMs: (Number(m[1]) + Number(m[2])) * 1000, maxRssBytes: Number(m[3]) * 1024 } : { ms };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Median time and CPU, highest peak RSS of some runs. */
export function summary(runs: readonly Run[]): Run {
  const med = (f: (r: Run) => number | undefined): number | undefined => (runs.every((r) => f(r) !== undefined) ? median(runs.map((r) => f(r)!)) : undefined);
  const out: Run = { ms: med((r) => r.ms)! };
  const inMs = med((r) => r.inMs);
  const cpuMs = med((r) => r.cpuMs);
  if (inMs !== undefined) out.inMs = inMs;
  if (cpuMs !== undefined) out.cpuMs = cpuMs;
  if (runs.every((r) => r.maxRssBytes !== undefined)) out.maxRssBytes = Math.max(...runs.map((r) => r.maxRssBytes!));
  return out;
}

/** `runs` pairs, alternating (a, b, a, b…) so that load on the machine falls on both alike; medians. */
export function paired(runs: number, a: () => Run, b: () => Run): { a: Run; b: Run } {
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: summary(as), b: summary(bs) };
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The floor: untar the archive, then each gzip layer blob through `gzip -dc | tar -t`, one core. */
export function floorScript(archive: string, dir: string): string {
  return `set -e; rm -rf ${q(dir)}; mkdir -p ${q(dir)}; tar -xf ${q(archive)} -C ${q(dir)}; for f in $(find ${q(dir)}/blobs -type f); do if [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then gzip -dc "$f" | tar -t > /dev/null; fi; done; rm -rf ${q(dir)}`;
}

/** Whether a file exists and is not empty (a peer's output). */
export const wrote = (file: string): boolean => existsSync(file) && readFileSync(file).length > 0;
