/**
 * Parses an HTTP `Retry-After` header value, either delta-seconds (`120`) or an HTTP date
 * (`Fri, 31 Dec 1999 23:59:59 GMT`), as defined in https://www.rfc-editor.org/rfc/rfc9110#name-retry-after.
 *
 * @param value the header value, or null when absent.
 * @param now the current time in ms since the epoch (for the HTTP-date form).
 * @returns milliseconds from now to wait; 0 when absent, invalid or in the past.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: () => number): number {
  if (value === null || value === undefined || value.trim() === '') return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now());
}
