import { z } from 'zod';
import { AuthenticationError, ExternalServiceError } from '../../errors.ts';
import { createCachedToken } from './cached-token.ts';
import type { TokenProvider } from './token-provider.ts';

const Discovery = z.object({ token_endpoint: z.url() });
const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

export interface OAuthM2mOptions {
  host: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Epoch ms; injected in tests. */
  now?: () => number;
  timeoutMs?: number;
  /** What to fix when the token request is rejected (default the environment variable names). */
  credentialNames?: string;
}

/**
 * OAuth machine-to-machine (https://docs.databricks.com/en/dev-tools/auth/oauth-m2m.html):
 * discovers `token_endpoint` from `GET /oidc/.well-known/oauth-authorization-server`, then
 * `POST <token_endpoint>` with Basic auth and `grant_type=client_credentials&scope=all-apis`.
 * Caches the token, refreshes when < 5 minutes remain, merges concurrent refreshes into one request.
 * @throws AuthenticationError (401/400/403 from the token endpoint) naming DATABRICKS_CLIENT_ID/SECRET;
 *   ExternalServiceError for network failures or malformed responses.
 */
export function createOAuthM2mTokenProvider(options: OAuthM2mOptions): TokenProvider {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = options.host.replace(/\/+$/, '');
  const credentialNames = options.credentialNames ?? 'DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET';
  let tokenEndpoint: string | undefined;

  async function discover(): Promise<string> {
    if (tokenEndpoint !== undefined) return tokenEndpoint;
    const url = `${host}/oidc/.well-known/oauth-authorization-server`;
    const response = await call(url, { method: 'GET' });
    const parsed = Discovery.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      throw new ExternalServiceError('databricks', `OAuth discovery at ${url} failed: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    tokenEndpoint = parsed.data.token_endpoint;
    return tokenEndpoint;
  }

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new ExternalServiceError('databricks', `cannot reach ${new URL(url).host}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async function fetchToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const endpoint = await discover();
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
    const response = await call(endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=all-apis',
    });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new AuthenticationError(
        'databricks',
        `OAuth token request rejected (HTTP ${response.status}): check ${credentialNames}`,
        { status: response.status },
      );
    }
    const parsed = TokenResponse.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      throw new ExternalServiceError('databricks', `OAuth token request failed: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return { token: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  }

  return { method: 'oauth-m2m', credentialNames, ...createCachedToken(fetchToken, now) };
}
