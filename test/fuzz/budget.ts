/**
 * How long each fuzz property runs. By default a short, bounded run for CI: at most DEFAULT_RUNS cases or
 * DEFAULT_MS per target, whichever comes first. Longer runs (`node scripts/fuzz.mjs [family…]` runs the
 * families without the test runner's per-file timeout):
 *   DREDGE_FUZZ_SECONDS=300   seconds per target (cases unbounded)
 *   DREDGE_FUZZ_RUNS=100000   cases per target
 *   DREDGE_FUZZ_SEED=1234 DREDGE_FUZZ_PATH=5:0:1   replay a failure (both are printed with it)
 *   DREDGE_FUZZ_ONLY=lockfile/yarn,rpm   only targets whose name contains one of these
 *   DREDGE_FUZZ_SLOW_MS=2000  a case slower than this is a failure (a hang, or super-linear work)
 *   DREDGE_FUZZ_STATS=1       print how each target answered (results, error codes) after its run
 */
export interface FuzzBudget {
  runs: number;
  ms: number;
  seed: number | undefined;
  path: string | undefined;
  only: string[];
  slowMs: number;
  stats: boolean;
}

const DEFAULT_RUNS = 150;
const DEFAULT_MS = 1200;
const DEFAULT_SLOW_MS = 2000;

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`fuzz budget: ${JSON.stringify(v)} is not a non-negative number`);
  return n;
}

export function fuzzBudget(env: NodeJS.ProcessEnv = process.env): FuzzBudget {
  const seconds = num(env.DREDGE_FUZZ_SECONDS);
  const runs = num(env.DREDGE_FUZZ_RUNS);
  return {
    runs: runs ?? (seconds !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_RUNS),
    ms: seconds !== undefined ? seconds * 1000 : runs !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_MS,
    seed: env.DREDGE_FUZZ_SEED ? Math.trunc(Number(env.DREDGE_FUZZ_SEED)) : undefined,
    path: env.DREDGE_FUZZ_PATH || undefined,
    only: (env.DREDGE_FUZZ_ONLY ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
    slowMs: num(env.DREDGE_FUZZ_SLOW_MS) ?? DEFAULT_SLOW_MS,
    stats: env.DREDGE_FUZZ_STATS === "1",
  };
}

export function selected(budget: FuzzBudget, name: string): boolean {
  return budget.only.length === 0 || budget.only.some((s) => name.includes(s));
}
