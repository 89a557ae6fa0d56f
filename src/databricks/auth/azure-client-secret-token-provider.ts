import { z } from 'zod';
import { AuthenticationError, ExternalServiceError } from '../../errors.ts';
import { createCachedToken } from './cached-token.ts';
import type { TokenProvider } from './token-provider.ts';

/**
 * The AzureDatabricks first-party application id: the resource an Entra ID token must be issued for
 * (https://learn.microsoft.com/en-us/azure/databricks/dev-tools/auth/azure-sp#get-a-microsoft-entra-id-access-token).
 */
export const AZURE_DATABRICKS_RESOURCE_ID = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';

/**
 * Microsoft Entra ID authority per Azure cloud (`ARM_ENVIRONMENT`), from
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 */
export const AZURE_AUTHORITIES: Record<string, string> = {
  PUBLIC: 'https://login.microsoftonline.com/',
  USGOVERNMENT: 'https://login.microsoftonline.us/',
  CHINA: 'https://login.chinacloudapi.cn/',
};

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});
/** Error response of the token endpoint (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response). */
const ErrorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

export interface AzureClientSecretOptions {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** Entra ID authority base URL ending in `/` (default from `ARM_ENVIRONMENT`, PUBLIC); tests inject a fake. */
  authority?: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** What to fix when the request is rejected (default ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID). */
  credentialNames?: string;
}

/**
 * Microsoft Entra ID service principal with a client secret (`azure-client-secret` in Databricks unified auth,
 * https://learn.microsoft.com/en-us/azure/databricks/dev-tools/auth/azure-sp): `POST
 * <authority><tenant>/oauth2/v2.0/token` with `grant_type=client_credentials`, the client id and secret in the
 * form body and `scope=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default` (the AzureDatabricks resource). The
 * token is cached and refreshed when < 5 minutes remain. The service principal must already be added to the
 * workspace (lakewarden does not send the Azure management token that would add it).
 * @throws AuthenticationError when Entra ID rejects the request (its `error` code and the first line of
 *   `error_description`, e.g. AADSTS7000215 for a wrong secret); ExternalServiceError for network failures or
 *   malformed responses.
 */
export function createAzureClientSecretTokenProvider(options: AzureClientSecretOptions): TokenProvider {
  const doFetch = options.fetch ?? fetch;
  const authority = (options.authority ?? AZURE_AUTHORITIES.PUBLIC ?? '').replace(/\/*$/, '/');
  const url = `${authority}${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  const credentialNames = options.credentialNames ?? 'ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID';

  async function fetchToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: `${AZURE_DATABRICKS_RESOURCE_ID}/.default`,
    });
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new ExternalServiceError('databricks', `cannot reach ${new URL(url).host}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const parsed = ErrorResponse.safeParse(json);
      const detail = parsed.success
        ? `${parsed.data.error}${parsed.data.error_description === undefined ? '' : `: ${parsed.data.error_description.split(/\r?\n/)[0]}`}`
        : `HTTP ${response.status}`;
      throw new AuthenticationError(
        'databricks',
        `Microsoft Entra ID rejected the service principal (${detail}): check ${credentialNames}`,
        { status: response.status },
      );
    }
    const parsed = TokenResponse.safeParse(json);
    if (!response.ok || !parsed.success) {
      throw new ExternalServiceError('databricks', `Entra ID token request failed: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return { token: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  }

  return {
    method: 'azure-client-secret',
    credentialNames,
    ...createCachedToken(fetchToken, options.now ?? Date.now),
  };
}
