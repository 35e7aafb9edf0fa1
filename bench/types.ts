/** `npm run bench`: each suite measures against a baseline taken in the same run and reports ratios. */
export interface BenchRow {
  suite: string;
  /** Names the row in bench/ratios.json; default: suite and name, counts in parentheses left out. */
  key?: string;
  name: string;
  value: number;
  unit: string;
  /** value / baseline, when the figure is a ratio to something measured in this run. */
  ratio?: number;
  baseline?: string;
  /** The target, as text (`≤ 1.3×`, `≥ 1,000,000/s`). */
  target?: string;
  ok?: boolean;
}

export interface BenchContext {
  /** Scratch directory removed after the run. */
  tmpDir: string;
  log(message: string): void;
}

export interface BenchSuite {
  id: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/**
 * Child-process source defining `peakRss()`: the child's own peak RSS from /proc/self/status VmHWM
 * (getrusage's maxRSS also counts the parent's RSS at fork time), maxRSS where /proc is missing.
 */
export const PEAK_RSS_SNIPPET = `
import { readFileSync as readStatus__ } from "node:fs";
const peakRss = () => {
  try {
    const m = /VmHWM:\\s*(\\d+) kB/.exec(readStatus__("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
};
`;
