/**
 * The property every parser must hold, checked on one input: it returns (a result that passes the target's
 * check) or throws a DredgeError whose message names the input; never another exception, never a hang, a
 * case slower than the limit or one that balloons memory, never a write outside the temp dir.
 */
import { isDredgeError } from "../../src/errors.js";
import { guarded } from "./fs-guard.js";
import type { FuzzTarget } from "./target.js";

/** Inputs are at most 8 MiB: a case that needs this much more memory at its peak amplifies its input. */
const MAX_PEAK_GROWTH_MB = 512;

class Hang extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Hang()), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return `a non-Error value ${String(err)}`;
  const frames = (err.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 4);
  return [`${err.name}: ${err.message.slice(0, 300)}`, ...frames].join("\n");
}

export interface CaseResult {
  /** What went wrong, or undefined when the case passes. */
  problem?: string;
  /** How the parser answered: `result`, `DredgeError CODE`, or the allowed error's name (DREDGE_FUZZ_STATS). */
  outcome: string;
}

function errorProblem(target: FuzzTarget, err: unknown): string | undefined {
  if (isDredgeError(err)) {
    if (target.where === undefined || err.message.includes(target.where)) return undefined;
    return `DredgeError ${err.code} does not name the input (${JSON.stringify(target.where)}): ${err.message.slice(0, 300)}`;
  }
  return target.alsoAllowed?.(err) ? undefined : `threw ${describeError(err)}`;
}

export async function checkCase(target: FuzzTarget, input: Buffer, slowMs: number): Promise<CaseResult> {
  const limit = target.slowMs ?? slowMs;
  const hangAfter = Math.max(limit * 5, 10_000);
  // CPU time, not wall time: a loaded CI machine must not turn into "slow" findings (hangs use wall time).
  const start = process.cpuUsage();
  const peakBefore = process.resourceUsage().maxRSS;
  const r = await guarded(() => withTimeout(Promise.resolve().then(() => target.run(input)), hangAfter));
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  // The process's peak resident memory only grows: by this much in one case, the parser amplified its input.
  const grewMb = (process.resourceUsage().maxRSS - peakBefore) / 1024;
  const err = r.error;
  const outcome = err === undefined ? "result" : isDredgeError(err) ? `DredgeError ${err.code}` : err instanceof Error ? err.name : "non-Error";
  if (r.outside.length > 0) return { outcome, problem: `wrote outside the temp dir: ${r.outside.join(", ")}` };
  if (err instanceof Hang) return { outcome, problem: `no answer after ${hangAfter} ms (a hang) on ${input.length} bytes` };
  const problem = err === undefined ? undefined : errorProblem(target, err);
  if (problem !== undefined) return { outcome, problem };
  if (ms > limit) return { outcome, problem: `took ${Math.round(ms)} ms of CPU (limit ${limit} ms) on ${input.length} bytes` };
  if (grewMb > MAX_PEAK_GROWTH_MB) {
    return { outcome, problem: `raised the process's peak memory by ${Math.round(grewMb)} MB (limit ${MAX_PEAK_GROWTH_MB} MB) on ${input.length} bytes` };
  }
  const bad = err === undefined && target.check ? target.check(r.value) : undefined;
  return bad === undefined ? { outcome } : { outcome, problem: `bad result: ${bad}` };
}
