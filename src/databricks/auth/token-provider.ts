/**
 * How lakewarden authenticates to one workspace, named as Databricks unified auth names the auth types
 * (`DATABRICKS_AUTH_TYPE`, https://docs.databricks.com/en/dev-tools/auth/unified-auth.html).
 */
export const AUTH_METHODS = ['pat', 'oauth-m2m', 'azure-client-secret'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * Supplies bearer tokens for REST calls. `token()` returns a cached token (refreshing when needed);
 * `refresh()` forces a new one (used once after a 401). `credentialNames` names the environment
 * variables to fix when authentication fails.
 */
export interface TokenProvider {
  readonly method: AuthMethod;
  readonly credentialNames: string;
  token(): Promise<string>;
  refresh(): Promise<string>;
}
