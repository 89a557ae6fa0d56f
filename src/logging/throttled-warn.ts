import type { Logger } from 'pino';

/** Writes one `warn` line for an event that can arrive in floods (e.g. rejected webhook signatures). */
export type ThrottledWarn = (fields: Record<string, unknown>) => void;

/**
 * At most one `warn` line per `intervalMs` for one kind of event, none lost from view: the first event of a
 * quiet period is written at once with its fields; the events after it within `intervalMs` are only counted,
 * and when the interval ends one line says how many there were (`suppressed`, with the last event's fields)
 * — so a flood costs one line per interval instead of one per event. The timer is unref'd: it never keeps
 * the process alive. Metrics are the caller's (count every event there).
 * @param intervalMs minimum milliseconds between two lines (> 0)
 */
export function createThrottledWarn(logger: Logger, message: string, intervalMs: number): ThrottledWarn {
  let timer: NodeJS.Timeout | undefined;
  let suppressed = 0;
  let last: Record<string, unknown> = {};
  const flush = (): void => {
    timer = undefined;
    if (suppressed === 0) return;
    const count = suppressed;
    suppressed = 0;
    logger.warn({ ...last, suppressed: count, intervalMs }, `${message} (${count} more in the last ${intervalMs} ms)`);
    // A line was just written: the next events wait for the next interval too.
    timer = setTimeout(flush, intervalMs).unref();
  };
  return (fields) => {
    if (timer === undefined) {
      logger.warn(fields, message);
      timer = setTimeout(flush, intervalMs).unref();
      return;
    }
    suppressed++;
    last = fields;
  };
}
