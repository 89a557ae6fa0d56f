/**
 * Capped exponential backoff with full jitter (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/): `random × min(maxMs, baseMs × 2^(attempt−1))`
 * milliseconds, `attempt` ≥ 1.
 */
export function backoffMs(attempt: number, options: { baseMs: number; maxMs: number; random: () => number }): number {
  return Math.floor(options.random() * Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1)));
}
