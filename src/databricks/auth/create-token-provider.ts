import type { DatabricksCredentials } from '../../config/databricks-credentials.ts';
import { ConfigError } from '../../errors.ts';
import { AZURE_AUTHORITIES, createAzureClientSecretTokenProvider } from './azure-client-secret-token-provider.ts';
import { createOAuthM2mTokenProvider } from './oauth-m2m-token-provider.ts';
import { createPatTokenProvider } from './pat-token-provider.ts';
import { AUTH_METHODS, type AuthMethod, type TokenProvider } from './token-provider.ts';

/** True for an Azure Databricks workspace URL (https://learn.microsoft.com/en-us/azure/databricks/workspace/workspace-details). */
export function isAzureHost(host: string): boolean {
  return /\.azuredatabricks\.net$/i.test(new URL(host).hostname);
}

const ENV_NAMES: Record<AuthMethod, string> = {
  pat: 'DATABRICKS_TOKEN',
  'oauth-m2m': 'DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET',
  'azure-client-secret': 'ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID',
};
const PROFILE_FIELDS: Record<AuthMethod, string> = {
  pat: 'token',
  'oauth-m2m': 'client_id/client_secret',
  'azure-client-secret': 'azure_client_id/azure_client_secret/azure_tenant_id',
};

/** What to fix when `method` fails: the environment variables, and the profile fields when a profile was used. */
export function credentialNamesFor(method: AuthMethod, credentials: DatabricksCredentials): string {
  const profile = credentials.profile;
  return profile === undefined
    ? ENV_NAMES[method]
    : `${ENV_NAMES[method]} or ${PROFILE_FIELDS[method]} of profile ${profile.name} in ${profile.path}`;
}

/** Which methods the credentials are complete for, in the unified-auth default order (pat, oauth-m2m, azure-client-secret). */
function completeMethods(c: DatabricksCredentials): AuthMethod[] {
  const methods: AuthMethod[] = [];
  if (c.token !== undefined) methods.push('pat');
  if (c.clientId !== undefined && c.clientSecret !== undefined) methods.push('oauth-m2m');
  if (c.azureClientId !== undefined && c.azureClientSecret !== undefined) methods.push('azure-client-secret');
  return methods;
}

/**
 * Picks the auth method as Databricks unified auth does (https://docs.databricks.com/en/dev-tools/auth/unified-auth.html):
 * the one named by `authType` (DATABRICKS_AUTH_TYPE), else the first complete one in the default order
 * pat → oauth-m2m → azure-client-secret. OAuth M2M works on AWS, Azure and GCP hosts (the workspace's own
 * `/oidc` endpoint); azure-client-secret needs an `*.azuredatabricks.net` host and a tenant id.
 * @param options.azureAuthority Entra ID authority URL (tests inject a fake token authority)
 * @throws ConfigError when the named type is unknown or incomplete, or no method is complete.
 */
export function createTokenProvider(
  credentials: DatabricksCredentials,
  options: { fetch?: typeof fetch; now?: () => number; azureAuthority?: string } = {},
): TokenProvider {
  const forced = credentials.authType;
  if (forced !== undefined && !(AUTH_METHODS as readonly string[]).includes(forced)) {
    throw new ConfigError(
      `DATABRICKS_AUTH_TYPE (or auth_type) "${forced}" is not supported by lakewarden: use ${AUTH_METHODS.join(', ')}`,
    );
  }
  const complete = completeMethods(credentials);
  const method = (forced as AuthMethod | undefined) ?? complete[0];
  if (method === undefined) {
    throw new ConfigError(
      `Databricks credentials missing for ${credentials.host}: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (OAuth M2M), or ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID (Azure), or choose a profile with --profile / DATABRICKS_CONFIG_PROFILE`,
    );
  }
  const names = credentialNamesFor(method, credentials);
  if (!complete.includes(method)) {
    throw new ConfigError(`DATABRICKS_AUTH_TYPE is ${method} but its credentials are incomplete: set ${names}`);
  }
  const { fetch: doFetch, now } = options;
  const shared = { ...(doFetch === undefined ? {} : { fetch: doFetch }), ...(now === undefined ? {} : { now }) };
  if (method === 'pat') return createPatTokenProvider(credentials.token ?? '', names);
  if (method === 'oauth-m2m') {
    return createOAuthM2mTokenProvider({
      host: credentials.host,
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      credentialNames: names,
      ...shared,
    });
  }
  if (!isAzureHost(credentials.host)) {
    throw new ConfigError(
      `azure-client-secret auth needs an Azure Databricks host (*.azuredatabricks.net), not ${new URL(credentials.host).hostname}: use a Databricks OAuth secret (DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET) on AWS and GCP`,
    );
  }
  if (credentials.azureTenantId === undefined)
    throw new ConfigError(`azure-client-secret auth needs the tenant: set ${names}`);
  const environment = (credentials.azureEnvironment ?? 'PUBLIC').toUpperCase();
  const authority = options.azureAuthority ?? AZURE_AUTHORITIES[environment];
  if (authority === undefined) {
    throw new ConfigError(
      `ARM_ENVIRONMENT (or azure_environment) "${credentials.azureEnvironment}" is not known: use ${Object.keys(AZURE_AUTHORITIES).join(', ')}`,
    );
  }
  return createAzureClientSecretTokenProvider({
    clientId: credentials.azureClientId ?? '',
    clientSecret: credentials.azureClientSecret ?? '',
    tenantId: credentials.azureTenantId,
    authority,
    credentialNames: names,
    ...shared,
  });
}
