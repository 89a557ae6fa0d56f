import { AuthenticationError, ConfigError, ExternalServiceError } from '../../errors.ts';
import type { TokenProvider } from '../auth/token-provider.ts';

/**
 * Reads the numeric workspace id of `host` from the `X-Databricks-Org-Id` header of
 * `GET /api/2.0/preview/scim/v2/Me` (the current principal; the call the Databricks SDKs make for
 * `get_workspace_id`, https://docs.databricks.com/api/workspace/currentuser/me). The body is not read.
 * Refreshes the token once after a 401.
 * @returns the workspace id as a decimal string (as in system tables)
 * @throws AuthenticationError (401 after refresh, 403) naming the credentials; ExternalServiceError (network,
 *   other statuses); ConfigError when the header is absent (set databricks.workspaceId).
 */
export async function readWorkspaceId(options: {
  host: string;
  auth: TokenProvider;
  userAgent: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL('/api/2.0/preview/scim/v2/Me', options.host);
  let token = await options.auth.token();
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { authorization: `Bearer ${token}`, 'user-agent': options.userAgent, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new ExternalServiceError('databricks', `cannot reach ${url.host}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    await response.body?.cancel();
    if (response.status === 401 && attempt === 1) {
      token = await options.auth.refresh();
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      throw new AuthenticationError(
        'databricks',
        `Databricks rejected the credentials reading the workspace id (HTTP ${response.status} on GET ${url.pathname}, ${options.auth.method}): check ${options.auth.credentialNames}`,
        { status: response.status },
      );
    }
    if (!response.ok) {
      throw new ExternalServiceError('databricks', `GET ${url.pathname} failed: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    const id = response.headers.get('x-databricks-org-id')?.trim();
    if (id === undefined || !/^\d+$/.test(id)) {
      throw new ConfigError(
        `${url.host} did not send the X-Databricks-Org-Id header: set databricks.workspaceId to the workspace id`,
      );
    }
    return id;
  }
}
