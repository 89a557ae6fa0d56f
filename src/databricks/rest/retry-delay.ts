/**
 * Delay before retry `attempt` (1 = first retry): full jitter over a capped exponential
 * (`random × min(maxMs, baseMs × 2^(attempt−1))`), never below the server's `Retry-After` (seconds or
 * HTTP date) when present. Milliseconds.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null,
  options: { baseMs: number; maxMs: number; random: () => number; now: () => number },
): number {
  const jitter = options.random() * Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.max(jitter, retryAfterMs(retryAfter, options.now));
}

/** Parses `Retry-After` (delta-seconds or HTTP date) into milliseconds from now; 0 when absent or invalid. */
export function retryAfterMs(value: string | null, now: () => number): number {
  if (value === null || value.trim() === '') return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now());
}
