/** Cancellation helpers (--timeout, Ctrl-C, a cancelled request): every cancelled operation fails with CANCELLED. */
import { setImmediate as nextTurn } from "node:timers/promises";
import { DredgeError } from "../errors.js";

export const cancelledError = (): DredgeError => new DredgeError("CANCELLED", "cancelled");

export function assertNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
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

/**
 * The items of `source` until `signal` aborts, which then fails the loop at once with CANCELLED even while
 * the source is stalled (a feed download that never answers): the caller's finally blocks run promptly.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (!signal) return yield* source;
  const it = source[Symbol.asyncIterator]();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelledError());
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const r = await Promise.race([it.next(), aborted]);
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // Not awaited: a stalled source settles its return() only when its pending step does.
    if (!finished) void it.return?.()?.catch(() => undefined);
  }
}
