import { ConfigError } from '../errors.ts';
import { type DatabricksConfigFile, PROFILE_SECRET_FIELDS } from './databricks-config-file.ts';
import type { DatabricksCredentials } from './databricks-credentials.ts';
import type { Env } from './env.ts';
import type { LoadedConfig } from './load-config.ts';

/** Which workspace to authenticate to: a host named in lakewarden.yaml and/or a profile. */
export interface DatabricksTarget {
  host?: string | undefined;
  profile?: string | undefined;
}

/** Credentials and the SQL warehouse id (`DATABRICKS_WAREHOUSE_ID` / `warehouse_id`) for one target. */
export interface ResolvedDatabricks {
  credentials: DatabricksCredentials;
  warehouseId: string | undefined;
}

/** What resolution needs from the loaded configuration (see LoadedConfig). */
export interface DatabricksAuthSources {
  env: Env;
  /** `~/.databrickscfg` (or DATABRICKS_CONFIG_FILE) as read at start-up; undefined when absent. */
  databricksConfigFile?: DatabricksConfigFile | undefined;
  /** `--profile` on the command line. */
  profile?: string | undefined;
  /** `databricks.profile` in lakewarden.yaml. */
  configProfile?: string | undefined;
}

/** The auth sources of a loaded configuration (environment, profiles file, --profile, databricks.profile). */
export function databricksAuthSources(loaded: LoadedConfig): DatabricksAuthSources {
  return {
    env: loaded.env,
    databricksConfigFile: loaded.databricksConfigFile,
    profile: loaded.profile,
    configProfile: loaded.config.databricks.profile,
  };
}

/**
 * True when a Databricks workspace is named: DATABRICKS_HOST, `databricks.workspaces`, or a profile with a
 * host (--profile, DATABRICKS_CONFIG_PROFILE, databricks.profile, or the profiles file's default).
 */
export function databricksConfigured(loaded: LoadedConfig): boolean {
  if (loaded.env.DATABRICKS_HOST !== undefined || loaded.config.databricks.workspaces.length > 0) return true;
  // A profile named on purpose is configuration: resolving it later reports what is wrong with it.
  if (
    loaded.profile !== undefined ||
    loaded.env.DATABRICKS_CONFIG_PROFILE !== undefined ||
    loaded.config.databricks.profile !== undefined
  )
    return true;
  try {
    resolveDatabricksAuth(databricksAuthSources(loaded));
    return true;
  } catch {
    return false;
  }
}

type Attributes = Omit<DatabricksCredentials, 'profile'> & { warehouseId?: string | undefined };

/** Profile field → attribute (https://docs.databricks.com/en/dev-tools/auth/env-vars.html, `.databrickscfg` field column). */
const PROFILE_FIELDS: Record<string, keyof Attributes> = {
  host: 'host',
  token: 'token',
  client_id: 'clientId',
  client_secret: 'clientSecret',
  auth_type: 'authType',
  azure_client_id: 'azureClientId',
  azure_client_secret: 'azureClientSecret',
  azure_tenant_id: 'azureTenantId',
  azure_environment: 'azureEnvironment',
  warehouse_id: 'warehouseId',
};
const AUTH_ATTRIBUTES: (keyof Attributes)[] = [
  'token',
  'clientId',
  'clientSecret',
  'azureClientId',
  'azureClientSecret',
  'azureTenantId',
];

function fromEnv(env: Env): Attributes {
  return {
    host: env.DATABRICKS_HOST ?? '',
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
    authType: env.DATABRICKS_AUTH_TYPE,
    azureClientId: env.ARM_CLIENT_ID,
    azureClientSecret: env.ARM_CLIENT_SECRET,
    azureTenantId: env.ARM_TENANT_ID,
    azureEnvironment: env.ARM_ENVIRONMENT,
    warehouseId: env.DATABRICKS_WAREHOUSE_ID,
  };
}

const normalHost = (host: string): string => {
  const withScheme = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  return new URL(withScheme).origin;
};

/**
 * Resolves the credentials of one workspace as Databricks unified auth does
 * (https://docs.databricks.com/en/dev-tools/auth/unified-auth.html, config-profiles.html), pure:
 * 1. the target's host from lakewarden.yaml wins; 2. then the environment (`DATABRICKS_*`, `ARM_*`);
 * 3. then the profile fills what is still unset. The profile is the target's own (`databricks.workspaces[].profile`,
 * whose `host` must then match the workspace's),
 * else `--profile`, else `DATABRICKS_CONFIG_PROFILE`, else `databricks.profile`; with none named, the file's
 * `[__settings__] default_profile` or `[DEFAULT]` is used only when neither a host nor any credential is set
 * in the environment (as the SDKs skip the file then).
 * @throws ConfigError when a named profile or the file is missing, a profile's host contradicts the workspace's,
 *   no host is known, or several auth methods are configured without DATABRICKS_AUTH_TYPE.
 */
export function resolveDatabricksAuth(
  sources: DatabricksAuthSources,
  target: DatabricksTarget = {},
): ResolvedDatabricks {
  const attributes = fromEnv(sources.env);
  if (target.host !== undefined) attributes.host = target.host;
  const named =
    target.profile ?? sources.profile ?? sources.env.DATABRICKS_CONFIG_PROFILE ?? sources.configProfile ?? undefined;
  const file = sources.databricksConfigFile;
  const anyAuth = AUTH_ATTRIBUTES.some((a) => attributes[a] !== undefined);
  let profile: { name: string; path: string } | undefined;
  if (named !== undefined) {
    if (file === undefined) {
      throw new ConfigError(
        `Databricks profile "${named}" requested but there is no configuration profiles file (~/.databrickscfg or DATABRICKS_CONFIG_FILE)`,
      );
    }
    const fields = file.profiles[named];
    if (fields === undefined) {
      throw new ConfigError(
        `${file.path}: has no profile "${named}" (profiles: ${Object.keys(file.profiles).join(', ') || 'none'})`,
      );
    }
    profile = { name: named, path: file.path };
    // A workspace's own profile must be for that workspace; a shared one lends its credentials to every host.
    fill(attributes, fields, file.path, named, target.profile === undefined ? undefined : target.host);
  } else if (file !== undefined && attributes.host === '' && !anyAuth) {
    const fallback = file.defaultProfile ?? 'DEFAULT';
    const fields = file.profiles[fallback];
    if (fields === undefined && file.defaultProfile !== undefined) {
      throw new ConfigError(`${file.path}: default_profile names "${fallback}", which is not a profile in the file`);
    }
    if (fields !== undefined) {
      profile = { name: fallback, path: file.path };
      fill(attributes, fields, file.path, fallback, undefined);
    }
  }
  if (attributes.host === '') {
    throw new ConfigError(
      'no Databricks workspace URL: set DATABRICKS_HOST, `host` in a profile (--profile / DATABRICKS_CONFIG_PROFILE), or databricks.workspaces[].host',
    );
  }
  attributes.host = normalHost(attributes.host);
  if (attributes.authType === undefined) {
    const used = [
      attributes.token === undefined ? undefined : 'pat',
      attributes.clientId === undefined && attributes.clientSecret === undefined ? undefined : 'oauth-m2m',
      attributes.azureClientId === undefined && attributes.azureClientSecret === undefined
        ? undefined
        : 'azure-client-secret',
    ].filter((m) => m !== undefined);
    if (used.length > 1) {
      throw new ConfigError(
        `more than one Databricks authorization method configured for ${attributes.host}: ${used.join(' and ')}; set DATABRICKS_AUTH_TYPE (or auth_type in the profile) to choose one`,
      );
    }
  }
  const { warehouseId, ...credentials } = attributes;
  return { credentials: { ...credentials, profile }, warehouseId };
}

function fill(
  attributes: Attributes,
  fields: Record<string, string>,
  path: string,
  name: string,
  targetHost: string | undefined,
): void {
  if (targetHost !== undefined && fields.host !== undefined && normalHost(fields.host) !== normalHost(targetHost)) {
    throw new ConfigError(
      `${path}: profile "${name}" is for ${normalHost(fields.host)}, but lakewarden.yaml names ${normalHost(targetHost)} for it`,
    );
  }
  for (const [field, value] of Object.entries(fields)) {
    const key = PROFILE_FIELDS[field];
    if (key === undefined || value === '') continue;
    if (key === 'host' ? attributes.host === '' : attributes[key] === undefined) attributes[key] = value;
  }
}

/** Every secret value in the profiles file, for log and Jira-text scrubbing. */
export function profileSecretValues(file: DatabricksConfigFile | undefined): string[] {
  if (file === undefined) return [];
  return Object.values(file.profiles)
    .flatMap((fields) => PROFILE_SECRET_FIELDS.map((f) => fields[f]))
    .filter((v): v is string => v !== undefined && v.length >= 4);
}
