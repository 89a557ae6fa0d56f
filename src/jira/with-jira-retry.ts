import { isRateLimitError, isServerError } from 'jira.js/core';
import { backoffDelayMs } from '../retry/backoff-delay.ts';
import { mapJiraError } from './map-jira-error.ts';

/** How Jira calls are retried. */
export interface JiraRetryOptions {
  /** Retries after the first attempt (config `jira.maxRetries`, 0–5). */
  maxRetries: number;
  /** Waits this many milliseconds; injected so tests never really wait. */
  sleep: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1) for full jitter; injectable for deterministic tests. */
  random: () => number;
  /** First backoff ceiling in ms (default 1000); doubles per attempt. */
  baseDelayMs?: number;
  /** Cap of one backoff in ms (default 30000). */
  maxDelayMs?: number;
  /**
   * Told every attempt (metrics port, injected by the composition root): the operation as the endpoint label,
   * the HTTP status (200 on success, 0 without a response), latency in seconds and whether it was a retry.
   */
  observe?: (call: { endpoint: string; status: number; seconds: number; retry: boolean }) => void;
}

/**
 * `idempotent` calls (reads, PUT edits, property sets) retry 429 and 503. Non-idempotent calls (create,
 * comment, transition) retry only 429: Jira rejects a rate-limited request before doing anything, while a
 * 503 may hide a write that happened — retrying it could duplicate an issue or a comment, so the caller must
 * read back (search by fingerprint with reconcileIssues) instead.
 */
export type JiraCallKind = 'idempotent' | 'non-idempotent';

/**
 * Runs `call`, retrying rate limits (429) and, for idempotent calls, 503s up to `maxRetries` times.
 * The wait is `max(Retry-After, full-jitter backoff)`: Retry-After (jira.js `RateLimitError.retryAfterMs`) is
 * a floor, the backoff is the shared full-jitter `backoffDelayMs` (src/retry/). (jira.js 6.2 does not expose
 * Retry-After on a 503, so 503s use the backoff alone.)
 *
 * @param operation what is being attempted, for error messages ("create issues").
 * @throws ExternalServiceError (AuthenticationError on 401) via `mapJiraError` once retries are spent or the
 *   failure is not retryable.
 */
export async function withJiraRetry<T>(
  call: () => Promise<T>,
  operation: string,
  options: JiraRetryOptions,
  kind: JiraCallKind = 'idempotent',
): Promise<T> {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt += 1) {
    const started = performance.now();
    const observe = (status: number) =>
      options.observe?.({
        endpoint: operation,
        status,
        seconds: (performance.now() - started) / 1000,
        retry: attempt > 0,
      });
    try {
      const result = await call();
      observe(200);
      return result;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      observe(typeof status === 'number' ? status : isRateLimitError(error) ? 429 : 0);
      const retryable =
        isRateLimitError(error) || (kind === 'idempotent' && isServerError(error) && error.status === 503);
      if (!retryable || attempt >= options.maxRetries) throw mapJiraError(error, operation);
      const retryAfterMs = isRateLimitError(error) ? (error.retryAfterMs ?? 0) : 0;
      await options.sleep(
        backoffDelayMs(attempt + 1, { baseMs: baseDelayMs, maxMs: maxDelayMs, random: options.random }, retryAfterMs),
      );
    }
  }
}
