/** The knobs of {@link backoffDelayMs}. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay, ms. */
  baseMs: number;
  /** Cap of any one delay, ms. */
  maxMs: number;
  /** Uniform random number in [0, 1) (injected so tests are deterministic). */
  random: () => number;
}

/**
 * The one backoff of lakewarden: capped exponential backoff with full jitter,
 * `floor(random × min(maxMs, baseMs × 2^(attempt−1)))` ms, never below `retryAfterMs` (the server's
 * `Retry-After`, see {@link parseRetryAfterMs}) when given. Full jitter as described in
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/.
 *
 * @param attempt the retry being scheduled, counted from 1 (1 = the first retry after the first failure);
 *   values below 1 are treated as 1.
 * @param retryAfterMs a floor in ms (0 when the server sent none).
 * @returns the delay in milliseconds (an integer ≥ 0).
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions, retryAfterMs = 0): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.max(Math.floor(options.random() * ceiling), Math.ceil(Math.max(0, retryAfterMs)));
}
