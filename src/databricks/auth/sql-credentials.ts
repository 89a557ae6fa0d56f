import type { DatabricksCredentials } from './create-token-provider.ts';
import type { TokenProvider } from './token-provider.ts';

/**
 * The credentials handed to the @databricks/sql connection, for the method the REST side chose: a PAT or a
 * Databricks OAuth M2M secret pass through (the driver authenticates itself); for a Microsoft Entra ID service
 * principal the driver is given the current Entra token as an access token (valid about an hour: one collection).
 */
export async function sqlCredentials(
  credentials: DatabricksCredentials,
  auth: TokenProvider,
): Promise<DatabricksCredentials> {
  const { host } = credentials;
  if (auth.method === 'pat') return { host, token: credentials.token };
  if (auth.method === 'oauth-m2m')
    return { host, clientId: credentials.clientId, clientSecret: credentials.clientSecret };
  return { host, token: await auth.token() };
}
