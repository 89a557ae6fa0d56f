import { ConfigError } from '../../errors.ts';
import { createOAuthM2mTokenProvider } from './oauth-m2m-token-provider.ts';
import { createPatTokenProvider } from './pat-token-provider.ts';
import type { TokenProvider } from './token-provider.ts';

/** Credentials as read from the environment by src/config (never read here). */
export interface DatabricksCredentials {
  host: string;
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/**
 * Picks the auth method: OAuth M2M when DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET are set,
 * else PAT from DATABRICKS_TOKEN. @throws ConfigError when neither is complete.
 */
export function createTokenProvider(
  credentials: DatabricksCredentials,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): TokenProvider {
  if (credentials.clientId !== undefined && credentials.clientSecret !== undefined) {
    return createOAuthM2mTokenProvider({
      host: credentials.host,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      ...options,
    });
  }
  if (credentials.token !== undefined) return createPatTokenProvider(credentials.token);
  throw new ConfigError(
    'Databricks credentials missing: set DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (OAuth M2M) or DATABRICKS_TOKEN',
  );
}
