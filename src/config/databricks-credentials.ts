/**
 * Credentials for one workspace host, resolved by databricks-auth.ts from the environment and the
 * Databricks configuration profiles file (never read here). Field meanings as in Databricks unified auth
 * (https://docs.databricks.com/en/dev-tools/auth/env-vars.html).
 */
export interface DatabricksCredentials {
  host: string;
  /** Personal access token (`DATABRICKS_TOKEN` / `token`). */
  token?: string | undefined;
  /** Databricks OAuth M2M service principal (`DATABRICKS_CLIENT_ID` / `client_id`). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** `DATABRICKS_AUTH_TYPE` / `auth_type`: forces one method. */
  authType?: string | undefined;
  /** Microsoft Entra ID service principal (`ARM_CLIENT_ID` / `azure_client_id`, …). */
  azureClientId?: string | undefined;
  azureClientSecret?: string | undefined;
  azureTenantId?: string | undefined;
  /** `ARM_ENVIRONMENT` / `azure_environment`: PUBLIC (default), USGOVERNMENT, CHINA. */
  azureEnvironment?: string | undefined;
  /** The profile the credentials were completed from, for error hints. */
  profile?: { name: string; path: string } | undefined;
}
