import { AuthenticationError, ExternalServiceError } from '../../errors.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { DatabricksApiError, DatabricksNotFoundError, DatabricksPermissionError } from '../errors.ts';
import { parseErrorBody } from './parse-error-body.ts';
import { retryDelayMs } from './retry-delay.ts';

export interface HttpClientOptions {
  host: string;
  auth: TokenProvider;
  userAgent: string;
  fetch?: typeof fetch;
  /** Per attempt, ms (default 30 s). */
  timeoutMs?: number;
  /** Attempts in total for a 429/503 or network error (default 3). */
  maxAttempts?: number;
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

const NOT_FOUND_400 = /does not exist/i;
const NOT_FOUND_400_PATHS = ['/api/2.1/clusters/get', '/api/2.2/jobs/get', '/api/2.2/jobs/runs/get'];

/**
 * The REST transport (https://docs.databricks.com/api/workspace/introduction): bearer auth from the TokenProvider, `User-Agent: lakewarden/<v>`,
 * a timeout per attempt (AbortSignal), retries on 429/503 and network errors within an attempt budget
 * (full jitter, `Retry-After` as a floor), one token refresh after a 401.
 * Used for reads only (POST here is clusters/events, a read).
 * @throws DatabricksNotFoundError, DatabricksPermissionError (403), AuthenticationError (401 after refresh,
 *   naming the credential variables), DatabricksApiError (other statuses), ExternalServiceError (network).
 */
export function createHttpClient(options: HttpClientOptions): RestCall {
  const doFetch = options.fetch ?? fetch;
  const host = options.host.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delayOptions = {
    baseMs: 1000,
    maxMs: 30_000,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };

  return async (request) => {
    const url = new URL(request.path, host);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const endpoint = `${request.method} ${request.path}`;
    let refreshed = false;
    let token = await options.auth.token();
    for (let attempt = 1; ; attempt++) {
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
        if (attempt < maxAttempts) {
          await sleep(retryDelayMs(attempt, null, delayOptions));
          continue;
        }
        throw new ExternalServiceError(
          'databricks',
          `cannot reach ${url.host} (${endpoint}): ${(error as Error).message} — check DATABRICKS_HOST`,
          { cause: error },
        );
      }
      if (response.ok) {
        try {
          return await response.json();
        } catch (error) {
          throw new ExternalServiceError('databricks', `${endpoint}: HTTP ${response.status} body is not JSON`, {
            cause: error,
            status: response.status,
          });
        }
      }
      const text = await response.text();
      if (response.status === 401) {
        if (!refreshed) {
          refreshed = true;
          token = await options.auth.refresh();
          attempt--;
          continue;
        }
        throw new AuthenticationError(
          'databricks',
          `Databricks rejected the credentials (HTTP 401 on ${endpoint}, ${options.auth.method}): check ${options.auth.credentialNames}`,
          { status: 401 },
        );
      }
      if ((response.status === 429 || response.status === 503) && attempt < maxAttempts) {
        await sleep(retryDelayMs(attempt, response.headers.get('retry-after'), delayOptions));
        continue;
      }
      if (response.status === 403) {
        const rejected = rejectedToken(response.headers.get('x-databricks-reason-phrase'), text);
        if (rejected !== undefined) {
          throw new AuthenticationError(
            'databricks',
            `Databricks rejected the credentials (HTTP 403: ${rejected} on ${endpoint}, ${options.auth.method}): check ${options.auth.credentialNames}`,
            { status: 403 },
          );
        }
      }
      throw toApiError(endpoint, request.path, response.status, text);
    }
  };
}

/**
 * A 403 that rejects the token itself rather than a permission: Databricks answers an invalid or expired token
 * with HTTP 403, `X-Databricks-Reason-Phrase: Invalid access token.` and `{"error_code": 403, "message": "Invalid
 * access token."}` (databricks/databricks-sdk-go#873). Returns the reason in lower case, else undefined.
 */
function rejectedToken(reasonPhrase: string | null, text: string): string | undefined {
  const { errorCode, message } = parseErrorBody(text);
  const reason = reasonPhrase ?? message;
  if (/invalid access token|token (is )?expired|invalid token/i.test(reason) || errorCode === '403') {
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
