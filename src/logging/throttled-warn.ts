import type { Logger } from 'pino';

/** Writes one `warn` line for an event that can arrive in floods (e.g. rejected webhook signatures). */
export type ThrottledWarn = (fields: Record<string, unknown>) => void;

/**
 * At most one `warn` line per `intervalMs` for one kind of event: an event at least `intervalMs` after the
 * last line written is written with its fields; the events in between are only counted, and the next line
 * written says how many there were (`suppressed`, and in the message). A flood therefore costs one line per
 * interval instead of one per event. No timer: the count of the last events of a flood is told with the next
 * event (callers count every event in a metric too). `now` is a monotonic clock in ms (injected by tests).
 * @param intervalMs minimum milliseconds between two lines (> 0)
 */
export function createThrottledWarn(
  logger: Logger,
  message: string,
  intervalMs: number,
  now: () => number = () => performance.now(),
): ThrottledWarn {
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields) => {
    const at = now();
    if (at - lastLineAt < intervalMs) {
      suppressed++;
      return;
    }
    lastLineAt = at;
    if (suppressed === 0) {
      logger.warn(fields, message);
      return;
    }
    logger.warn({ ...fields, suppressed }, `${message} (and ${suppressed} more since the last line)`);
    suppressed = 0;
  };
}
