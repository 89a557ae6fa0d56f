/** How lakewarden authenticates to one workspace (databricks.md §5). */
export type AuthMethod = 'pat' | 'oauth-m2m';

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
