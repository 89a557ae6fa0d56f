/** A background loop started by `lakewarden serve`. */
export interface PollLoop {
  /** Wakes the loop now (e.g. after a delivery was accepted). */
  wake(): void;
  /** Stops after the current iteration and resolves when it has finished (drain). */
  stop(): Promise<void>;
}

/**
 * Runs `iterate` again and again: immediately while it reports work done, else after `idleMs` (or a
 * `wake()`). An iteration that throws is reported to `onError` and the loop waits `idleMs` before the next.
 */
export function startPollLoop(options: {
  iterate: () => Promise<boolean>;
  idleMs: number;
  onError: (error: unknown) => void;
}): PollLoop {
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const done = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        busy = await options.iterate();
      } catch (error) {
        options.onError(error);
      }
      if (!busy && !stopping) await pause(options.idleMs);
      wakeUp = undefined;
    }
  })();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping = true;
      wakeUp?.();
      await done;
    },
  };
}
