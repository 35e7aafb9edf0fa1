/** Retry policy: which failures are transient, exponential backoff, and `Retry-After`. */
import { DredgeError } from "../../errors.js";

export interface RetryPolicy {
  /** Retries after the first attempt (default 4). */
  retries: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  baseDelayMs: number;
  /** Longest wait, for backoff and for Retry-After alike (default 30 s). */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Delay before retry number `attempt` (0-based): Retry-After when given, else backoff with jitter; capped. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exp = policy.baseDelayMs * 2 ** attempt;
  const jitter = exp * 0.2 * Math.random();
  return Math.min(exp + jitter, policy.maxDelayMs);
}

/** Sleep that ends early with CANCELLED when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DredgeError("CANCELLED", "cancelled"));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DredgeError("CANCELLED", "cancelled"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
