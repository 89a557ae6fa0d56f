/**
 * Exponential backoff with full jitter: a delay in ms in `[0, min(maxMs, baseMs × 2^attempt))`.
 * @param attempt 0 for the first retry
 * @param random a number in [0, 1) (injected so tests are deterministic)
 */
export function backoffDelay(attempt: number, random: number, baseMs = 500, maxMs = 8000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random * ceiling);
}
