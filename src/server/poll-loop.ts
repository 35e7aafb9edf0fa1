/**
 * The shape of the server's background loops (the findings indexer, the warmer, the monitor): `step` runs again at
 * once while it answers `true` (there may be more), else after `pollMs` or a `wake`; a step that throws is reported
 * through `onError` and the loop goes on; `stop` ends the loop after the step under way. The first step runs after
 * `before` (and never synchronously, so a step may read the loop it belongs to).
 */
export interface PollLoop {
  /** Whether `stop` was called: a step checks it between items. */
  readonly stopped: boolean;
  wake(): void;
  stop(): Promise<void>;
}

export interface PollLoopSettings {
  step(): Promise<boolean | void>;
  pollMs: number;
  onError(err: unknown): void;
  /** Waited for before the first step. */
  before?: Promise<unknown>;
}

export function pollLoop(settings: PollLoopSettings): PollLoop {
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const done = (async () => {
    await settings.before;
    while (!stopped) {
      let more = false;
      try {
        more = (await settings.step()) === true;
      } catch (err) {
        settings.onError(err);
      }
      if (more || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.pollMs);
        wakeUp = () => (clearTimeout(timer), resolve());
      });
      wakeUp = undefined;
    }
  })();
  return {
    get stopped() {
      return stopped;
    },
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await done;
    },
  };
}
