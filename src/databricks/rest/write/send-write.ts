import { AuthenticationError, ExternalServiceError } from '../../../errors.ts';
import { WriteRejectedError } from '../../../remediation/workspace-api.ts';
import type { TokenProvider } from '../../auth/token-provider.ts';
import { parseErrorBody } from '../parse-error-body.ts';
import { retryDelayMs } from '../retry-delay.ts';

export interface WriteClientOptions {
  host: string;
  auth: TokenProvider;
  userAgent: string;
  fetch?: typeof fetch;
  /** Per attempt, ms (default 30 s). A timed-out write has an unknown outcome. */
  timeoutMs?: number;
  /** Attempts in total, only for failures that prove the write did not land (default 3). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** POSTs one write; resolves on 2xx. */
export type SendWrite = (path: string, body: unknown) => Promise<void>;

/** Network failures that happen before the request reaches Databricks (so the write did not land). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The write transport of the Databricks REST adapter (https://github.com/databricks/databricks-sdk-go/blob/main/apierr/errors.go, https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/). Unlike
 * the read client it retries **only** what certainly did not land: 429 (throttled before processing;
 * `Retry-After` as a floor, full jitter), a 401 once after a token refresh, and connection failures
 * before sending (ECONNREFUSED, DNS). Everything else is surfaced at once:
 * - 4xx (400 INVALID_PARAMETER_VALUE/INVALID_STATE, 403, 404, 409) and 429 after the budget →
 *   {@link WriteRejectedError} (nothing changed; record the failure without a read-back);
 * - timeout, connection reset, 5xx including 503 and 504 DEADLINE_EXCEEDED → ExternalServiceError whose
 *   outcome is unknown: the executor reads the target back and never writes blindly again.
 * The body's `message` may echo the request: only its first 200 characters are kept.
 */
export function createWriteClient(options: WriteClientOptions): SendWrite {
  const doFetch = options.fetch ?? fetch;
  const host = options.host.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delay = { baseMs: 1000, maxMs: 30_000, random: options.random ?? Math.random, now: options.now ?? Date.now };
  return async (path, body) => {
    const url = new URL(path, host);
    const endpoint = `POST ${path}`;
    let refreshed = false;
    let token = await options.auth.token();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'user-agent': options.userAgent,
            accept: 'application/json',
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const code = causeCode(error);
        if (code !== undefined && NOT_SENT_CODES.has(code)) {
          if (attempt < maxAttempts) {
            await sleep(retryDelayMs(attempt, null, delay));
            continue;
          }
          throw new WriteRejectedError(`${endpoint} was not sent: cannot reach ${url.host} (${code})`, {
            cause: error,
          });
        }
        throw new ExternalServiceError(
          'databricks',
          `${endpoint}: no answer (${(error as Error).name}); the outcome is unknown and will be read back`,
          { cause: error },
        );
      }
      // The body is drained in every case so the connection can be reused.
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      const { errorCode, message } = parseErrorBody(text);
      const detail = message.slice(0, 200);
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        token = await options.auth.refresh();
        attempt--;
        continue;
      }
      if (response.status === 401) {
        throw new AuthenticationError(
          'databricks',
          `Databricks rejected the credentials (HTTP 401 on ${endpoint}): check ${options.auth.credentialNames}`,
          { status: 401 },
        );
      }
      if (response.status === 429) {
        if (attempt < maxAttempts) {
          await sleep(retryDelayMs(attempt, response.headers.get('retry-after'), delay));
          continue;
        }
        throw new WriteRejectedError(`${endpoint}: HTTP 429 ${errorCode} after ${attempt} attempts (throttled)`);
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408) {
        throw new WriteRejectedError(
          `${endpoint}: HTTP ${response.status} ${errorCode}${detail ? ` — ${detail}` : ''}`,
        );
      }
      throw new ExternalServiceError(
        'databricks',
        `${endpoint}: HTTP ${response.status} ${errorCode}; the outcome is unknown and will be read back`,
        { status: response.status },
      );
    }
  };
}
