import type { TokenProvider } from './token-provider.ts';

/**
 * Personal access token (https://docs.databricks.com/en/dev-tools/auth/pat.html): a static bearer token. `refresh` cannot produce a new one,
 * so a 401 after refresh fails with an error naming DATABRICKS_TOKEN.
 */
export function createPatTokenProvider(token: string, credentialNames = 'DATABRICKS_TOKEN'): TokenProvider {
  return {
    method: 'pat',
    credentialNames,
    token: () => Promise.resolve(token),
    refresh: () => Promise.resolve(token),
  };
}
