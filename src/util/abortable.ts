/** Cancellation helpers: every cancelled operation fails with the same DredgeError (CANCELLED). */
import { DredgeError } from "../errors.js";

export const cancelledError = (): DredgeError => new DredgeError("CANCELLED", "cancelled");

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
