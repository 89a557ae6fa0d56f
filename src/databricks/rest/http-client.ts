import { AuthenticationError, ExternalServiceError } from '../../errors.ts';
import { WriteOutcomeUnknownError, WriteRejectedError } from '../../remediation/workspace-api.ts';
import { backoffDelayMs } from '../../retry/backoff-delay.ts';
import { parseRetryAfterMs } from '../../retry/parse-retry-after.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { DatabricksApiError, DatabricksNotFoundError, DatabricksPermissionError } from '../errors.ts';
import { parseErrorBody } from './parse-error-body.ts';

export interface HttpClientOptions {
  host: string;
  auth: TokenProvider;
  userAgent: string;
  fetch?: typeof fetch;
  /** Per attempt, ms (default 30 s). A timed-out write has an unknown outcome. */
  timeoutMs?: number;
  /** Attempts in total for one call (default 5). */
  maxAttempts?: number;
  /** Total time budget of one call including waits, ms (default 120 s): no retry is started past it. */
  deadlineMs?: number;
  /** Backoff ceilings, ms (defaults 1 s first retry, 30 s cap). */
  backoff?: { baseMs: number; maxMs: number };
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface RestRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Sends a read request and returns the parsed JSON body. */
export type RestCall = (request: RestRequest) => Promise<unknown>;

/** POSTs one write; resolves on 2xx. */
export type SendWrite = (path: string, body: unknown) => Promise<void>;

/** The one Databricks REST transport: `call` for reads, `write` for changes. */
export interface DatabricksHttpClient {
  call: RestCall;
  write: SendWrite;
}

const NOT_FOUND_400 = /does not exist/i;
const NOT_FOUND_400_PATHS = ['/api/2.1/clusters/get', '/api/2.2/jobs/get', '/api/2.2/jobs/runs/get'];

/** Network failures that happen before the request reaches Databricks (so a write did not land). */
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

type Kind = 'read' | 'write';

/** What one attempt ended with: a value, a retry after `waitMs` (a floor), a token refresh, or an error. */
type AttemptResult =
  | { kind: 'done'; value: unknown }
  | { kind: 'retry'; retryAfterMs: number; error: Error }
  | { kind: 'refresh'; error: Error }
  | { kind: 'throw'; error: Error };

/**
 * The Databricks REST transport, one retry policy for reads and writes (Databricks error codes:
 * https://docs.databricks.com/api/workspace/introduction; retry behaviour of the official SDK:
 * https://github.com/databricks/databricks-sdk-py/blob/main/databricks/sdk/retries.py):
 * - bearer auth from the TokenProvider, `User-Agent`, a timeout per attempt (AbortSignal);
 * - exponential backoff with full jitter (src/retry/backoff-delay.ts), `Retry-After` (seconds or HTTP date,
 *   RFC 9110 §10.2.3) as a floor on 429 and 503, at most `maxAttempts` attempts and no retry started past
 *   `deadlineMs` from the first attempt;
 * - the OAuth token refreshed **once** on 401, or on 403 whose reason rejects the token itself
 *   (`Invalid access token`, `JWT has expired`: an OAuth token lives one hour,
 *   https://docs.databricks.com/en/dev-tools/auth/oauth-m2m.html), then the call is repeated.
 *
 * Reads (`call`) also retry 503 and network errors. Writes (`write`) retry only what certainly did not land
 * (429, a refused token, a connection that was never made); anything whose outcome is unknown (timeout,
 * reset, 5xx including 503 and 504) throws {@link WriteOutcomeUnknownError} carrying `Retry-After`, so the
 * executor reads the target back before any new write — never a blind re-write.
 *
 * @throws DatabricksNotFoundError, DatabricksPermissionError (403), AuthenticationError (401 or rejected token
 *   after one refresh, naming the credential variables), DatabricksApiError (other read statuses),
 *   WriteRejectedError (a write certainly not applied: 4xx, 429 after the budget), WriteOutcomeUnknownError,
 *   ExternalServiceError (network on reads).
 */
export function createHttpClient(options: HttpClientOptions): DatabricksHttpClient {
  const doFetch = options.fetch ?? fetch;
  const host = options.host.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 5;
  const deadlineMs = options.deadlineMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const backoff = { ...(options.backoff ?? { baseMs: 1000, maxMs: 30_000 }), random: options.random ?? Math.random };

  async function once(kind: Kind, request: RestRequest, url: URL, token: string): Promise<AttemptResult> {
    const endpoint = `${request.method} ${request.path}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`,
          'user-agent': options.userAgent,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      return networkFailure(kind, endpoint, url, error);
    }
    if (response.ok) {
      if (kind === 'write') {
        // Drained so the connection can be reused.
        await response.text().catch(() => '');
        return { kind: 'done', value: undefined };
      }
      try {
        return { kind: 'done', value: await response.json() };
      } catch (error) {
        const failure = new ExternalServiceError(
          'databricks',
          `${endpoint}: HTTP ${response.status} body is not JSON`,
          {
            cause: error,
            status: response.status,
          },
        );
        return { kind: 'throw', error: failure };
      }
    }
    const text = await response.text().catch(() => '');
    const status = response.status;
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), now);
    const rejected =
      status === 401
        ? 'unauthenticated'
        : status === 403
          ? rejectedToken(response.headers.get('x-databricks-reason-phrase'), text)
          : undefined;
    if (rejected !== undefined) {
      const error = new AuthenticationError(
        'databricks',
        `Databricks rejected the credentials (HTTP ${status}${status === 403 ? `: ${rejected}` : ''} on ${endpoint}, ${options.auth.method}): check ${options.auth.credentialNames}`,
        { status },
      );
      return { kind: 'refresh', error };
    }
    if (kind === 'read') {
      const error = toApiError(endpoint, request.path, status, text);
      return status === 429 || status === 503 ? { kind: 'retry', retryAfterMs, error } : { kind: 'throw', error };
    }
    const { errorCode, message } = parseErrorBody(text);
    if (status === 429) {
      const error = new WriteRejectedError(`${endpoint}: HTTP 429 ${errorCode} (throttled; not applied)`);
      return { kind: 'retry', retryAfterMs, error };
    }
    if (status >= 400 && status < 500 && status !== 408) {
      const detail = message.slice(0, 200);
      const error = new WriteRejectedError(`${endpoint}: HTTP ${status} ${errorCode}${detail ? ` — ${detail}` : ''}`);
      return { kind: 'throw', error };
    }
    const error = new WriteOutcomeUnknownError(
      `${endpoint}: HTTP ${status} ${errorCode}; the outcome is unknown and will be read back`,
      { status, retryAfterMs },
    );
    return { kind: 'throw', error };
  }

  async function send(kind: Kind, request: RestRequest): Promise<unknown> {
    const url = new URL(request.path, host);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const started = now();
    let refreshed = false;
    let token = await options.auth.token();
    for (let attempt = 1; ; attempt++) {
      const result = await once(kind, request, url, token);
      switch (result.kind) {
        case 'done':
          return result.value;
        case 'throw':
          throw result.error;
        case 'refresh':
          if (refreshed) throw result.error;
          refreshed = true;
          token = await options.auth.refresh();
          attempt--;
          continue;
        case 'retry': {
          const wait = backoffDelayMs(attempt, backoff, result.retryAfterMs);
          if (attempt >= maxAttempts || now() + wait - started > deadlineMs) throw result.error;
          await sleep(wait);
          continue;
        }
        default: {
          const unreachable: never = result;
          throw new Error(`unknown attempt result ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  return {
    call: (request) => send('read', request),
    write: async (path, body) => {
      await send('write', { method: 'POST', path, body });
    },
  };
}

function networkFailure(kind: Kind, endpoint: string, url: URL, error: unknown): AttemptResult {
  if (kind === 'read') {
    const failure = new ExternalServiceError(
      'databricks',
      `cannot reach ${url.host} (${endpoint}): ${(error as Error).message} — check DATABRICKS_HOST`,
      { cause: error },
    );
    return { kind: 'retry', retryAfterMs: 0, error: failure };
  }
  const code = causeCode(error);
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    const failure = new WriteRejectedError(`${endpoint} was not sent: cannot reach ${url.host} (${code})`, {
      cause: error,
    });
    return { kind: 'retry', retryAfterMs: 0, error: failure };
  }
  const failure = new WriteOutcomeUnknownError(
    `${endpoint}: no answer (${(error as Error).name}); the outcome is unknown and will be read back`,
    { cause: error },
  );
  return { kind: 'throw', error: failure };
}

/**
 * A 403 that rejects the token itself rather than a permission: Databricks answers an invalid or expired token
 * with HTTP 403 and a reason such as `Invalid access token.` or `JWT has expired` (in
 * `X-Databricks-Reason-Phrase` or the body's `message`; databricks/databricks-sdk-go#873). Returns the reason
 * in lower case, else undefined.
 */
function rejectedToken(reasonPhrase: string | null, text: string): string | undefined {
  const { errorCode, message } = parseErrorBody(text);
  const reason = reasonPhrase ?? message;
  if (
    /invalid access token|token (is )?expired|invalid token|jwt (has )?expired/i.test(reason) ||
    errorCode === '403'
  ) {
    return (reason === '' ? 'invalid access token' : reason).replace(/\.$/, '').toLowerCase();
  }
  return undefined;
}

function toApiError(endpoint: string, path: string, status: number, text: string): Error {
  const { errorCode, message } = parseErrorBody(text);
  if (status === 404 || (status === 400 && NOT_FOUND_400_PATHS.includes(path) && NOT_FOUND_400.test(message))) {
    return new DatabricksNotFoundError(endpoint, status, errorCode === 'UNKNOWN' ? 'NOT_FOUND' : errorCode, message);
  }
  if (status === 403) {
    return new DatabricksPermissionError(
      'databricks',
      `Databricks denied ${endpoint}: HTTP 403 ${errorCode} — grant the service principal access (docs/security.md)`,
      { status },
    );
  }
  return new DatabricksApiError(endpoint, status, errorCode, message);
}
