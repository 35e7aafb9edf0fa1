/** Cancellation helpers for long loops over untrusted input (--timeout, Ctrl-C). */
import { setImmediate as nextTurn } from "node:timers/promises";
import { DredgeError } from "../errors.js";

export function assertNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DredgeError("CANCELLED", "cancelled");
}

/**
 * Lets a synchronous loop be interrupted: every `every` calls of `tick()` it yields to the event loop (so the
 * --timeout timer and signal handlers run) and throws CANCELLED once `signal` is aborted.
 */
export class Checkpoint {
  private count = 0;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly every = 4096,
  ) {}

  async tick(): Promise<void> {
    if (++this.count % this.every !== 0) return;
    await nextTurn();
    assertNotAborted(this.signal);
  }
}
