import type { z } from 'zod';
import type { JiraDataCenterAuth } from '../config/env.ts';
import { AuthenticationError, ExternalServiceError } from '../errors.ts';
import { toJiraHttpError, toJiraNetworkError } from '../jira/to-jira-http-error.ts';
import { type JiraCallKind, type JiraRetryOptions, withJiraRetry } from '../jira/with-jira-retry.ts';

/** How lakewarden authenticates to Jira Data Center: a personal access token, or basic auth where the site allows it. */
export type DataCenterAuth = JiraDataCenterAuth;

export interface DataCenterHttpOptions {
  /** Base URL of the Jira instance including any context path, e.g. `https://jira.example.com/jira`. */
  baseUrl: string;
  auth: DataCenterAuth;
  retry: JiraRetryOptions;
  /** Injected in tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

export interface DataCenterRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, e.g. `/rest/api/2/myself`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The answer's shape (zod, parse only what is used); omit for answers without a body (204). */
  schema?: z.ZodType<T>;
  /** What is being attempted, for error messages ("create issues"). */
  operation: string;
  /** `non-idempotent` (create, comment, transition) is retried on 429 only, never on 503. */
  kind?: JiraCallKind;
}

/** One authenticated JSON call to Jira Data Center REST v2, retried and mapped like every other Jira call. */
export type DataCenterHttp = <T = undefined>(request: DataCenterRequest<T>) => Promise<T>;

const AUTH_HINT = 'check JIRA_PAT (or JIRA_USERNAME and JIRA_PASSWORD where basic auth is enabled)';

/**
 * The Data Center transport: plain `fetch` with `Authorization: Bearer <PAT>` (or `Basic`), JSON in and out,
 * answers parsed with zod, retried by `withJiraRetry` (429 with `Retry-After`, 503 for idempotent calls) and
 * failures mapped to lakewarden's error tree by `mapJiraError` (via the jira.js error classes of
 * `toJiraHttpError`). A 401 names JIRA_PAT.
 *
 * @throws AuthenticationError (401), ExternalServiceError (other failures, or an answer of an unexpected shape)
 * @see https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html
 * @see https://developer.atlassian.com/server/jira/platform/basic-authentication/
 */
export function createDataCenterHttp(options: DataCenterHttpOptions): DataCenterHttp {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization =
    options.auth.type === 'pat'
      ? `Bearer ${options.auth.token}`
      : `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;

  return async function request<T>(req: DataCenterRequest<T>): Promise<T> {
    const url = new URL(`${base}${req.path}`);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const once = async (): Promise<unknown> => {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: req.method,
          headers: {
            authorization,
            accept: 'application/json',
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        });
      } catch (error) {
        throw toJiraNetworkError(error, `${url.origin}${url.pathname}`);
      }
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // not JSON: keep the text (an HTML error page of a proxy, for example)
      }
      if (!response.ok) throw toJiraHttpError(`${req.method} ${req.path} answered ${response.status}`, response, body);
      return body;
    };
    let answer: unknown;
    try {
      answer = await withJiraRetry(once, req.operation, options.retry, req.kind ?? 'idempotent');
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new AuthenticationError(
          'jira',
          `Jira Data Center rejected the credentials: ${AUTH_HINT} (while trying to ${req.operation})`,
          {
            cause: error,
            status: 401,
          },
        );
      }
      throw error;
    }
    if (req.schema === undefined) return undefined as T;
    const parsed = req.schema.safeParse(answer);
    if (!parsed.success) {
      throw new ExternalServiceError('jira', `Jira answered an unexpected shape when trying to ${req.operation}`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  };
}
