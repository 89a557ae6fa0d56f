import {
  ApiError,
  AuthError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from 'jira.js/core';
import { parseRetryAfterMs } from '../retry/parse-retry-after.ts';

/**
 * The jira.js error for an HTTP answer that was not 2xx, for Jira clients that do their own `fetch` (the Data
 * Center adapter): the same classes jira.js raises (401 AuthError, 403 ForbiddenError, 404 NotFoundError, 429
 * RateLimitError with `Retry-After` as `retryAfterMs`, 5xx ServerError, else ApiError), so `withJiraRetry` and
 * `mapJiraError` treat both adapters' failures alike.
 *
 * @param body the parsed JSON error body (Jira's ErrorCollection) or the raw text.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function toJiraHttpError(
  message: string,
  response: { status: number; statusText: string; headers: Headers },
  body: unknown,
): Error {
  const { status, statusText } = response;
  if (status === 401) return new AuthError(message, statusText, body);
  if (status === 403) return new ForbiddenError(message, statusText, body);
  if (status === 404) return new NotFoundError(message, statusText, body);
  if (status === 429) {
    const header = response.headers.get('retry-after');
    const options = header === null ? {} : { retryAfterMs: parseRetryAfterMs(header, Date.now) };
    return new RateLimitError(message, statusText, body, options);
  }
  if (status >= 500) return new ServerError(message, status, statusText, body);
  return new ApiError(message, status, statusText, body);
}

/** The jira.js NetworkError for a request that got no answer (DNS, TLS, socket, timeout). */
export function toJiraNetworkError(error: unknown, url: string): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new NetworkError(`Request to ${url} failed: ${reason}`, { cause: error, transient: true });
}
