import { describe, expect, it } from 'vitest';
import {
  type DatabricksAuthSources,
  profileSecretValues,
  resolveDatabricksAuth,
} from '../../../src/config/databricks-auth.ts';
import { parseDatabricksConfigFile } from '../../../src/config/databricks-config-file.ts';
import { readEnv } from '../../../src/config/env.ts';
import { ConfigError } from '../../../src/errors.ts';

const FILE = parseDatabricksConfigFile(
  `; written by databricks configure
[DEFAULT]
host = https://dbc-default.cloud.databricks.com
token = dapi-default-token

[prod]
host = https://adb-1234567890123456.7.azuredatabricks.net/
azure_client_id = 11111111-2222-3333-4444-555555555555
azure_client_secret = entra-secret-value
azure_tenant_id = 99999999-8888-7777-6666-555555555555
warehouse_id = abc123

[gcp.eu]
host = https://1234567890123456.7.gcp.databricks.com
client_id = sp-gcp
client_secret = dose-gcp-secret

[mixed]
host = https://dbc-mixed.cloud.databricks.com
token = dapi-mixed
client_id = sp-mixed
client_secret = dose-mixed
`,
  '/home/u/.databrickscfg',
);

const sources = (env: Record<string, string>, more: Partial<DatabricksAuthSources> = {}): DatabricksAuthSources => ({
  env: readEnv(env),
  databricksConfigFile: FILE,
  ...more,
});

describe('resolveDatabricksAuth (unified auth precedence)', () => {
  it('uses the environment alone and skips the file when a host or credential is set there', () => {
    const { credentials, warehouseId } = resolveDatabricksAuth(
      sources({
        DATABRICKS_HOST: 'https://dbc-env.cloud.databricks.com',
        DATABRICKS_TOKEN: 'dapi-env',
        DATABRICKS_WAREHOUSE_ID: 'w1',
      }),
    );
    expect(credentials).toMatchObject({ host: 'https://dbc-env.cloud.databricks.com', token: 'dapi-env' });
    expect(credentials.profile).toBeUndefined();
    expect(warehouseId).toBe('w1');
  });

  it('falls back to [DEFAULT] when nothing is configured in the environment', () => {
    const { credentials } = resolveDatabricksAuth(sources({}));
    expect(credentials).toMatchObject({
      host: 'https://dbc-default.cloud.databricks.com',
      token: 'dapi-default-token',
    });
    expect(credentials.profile).toEqual({ name: 'DEFAULT', path: '/home/u/.databrickscfg' });
  });

  it('honours [__settings__] default_profile', () => {
    const file = parseDatabricksConfigFile(
      '[__settings__]\ndefault_profile = a\n[a]\nhost = https://a.cloud.databricks.com\ntoken = t-a\n',
      'f',
    );
    expect(Object.keys(file.profiles)).toEqual(['a']);
    const { credentials } = resolveDatabricksAuth({ env: readEnv({}), databricksConfigFile: file });
    expect(credentials).toMatchObject({ host: 'https://a.cloud.databricks.com', token: 't-a' });
  });

  it('--profile wins over DATABRICKS_CONFIG_PROFILE, which wins over databricks.profile; the environment fills first', () => {
    const env = { DATABRICKS_CONFIG_PROFILE: 'gcp.eu', DATABRICKS_WAREHOUSE_ID: 'from-env' };
    expect(resolveDatabricksAuth(sources(env, { profile: 'prod', configProfile: 'mixed' })).credentials).toMatchObject({
      host: 'https://adb-1234567890123456.7.azuredatabricks.net',
      azureClientId: '11111111-2222-3333-4444-555555555555',
      azureTenantId: '99999999-8888-7777-6666-555555555555',
    });
    const gcp = resolveDatabricksAuth(sources(env, { configProfile: 'mixed' }));
    expect(gcp.credentials).toMatchObject({
      host: 'https://1234567890123456.7.gcp.databricks.com',
      clientId: 'sp-gcp',
    });
    expect(gcp.warehouseId).toBe('from-env');
    expect(resolveDatabricksAuth(sources({}, { configProfile: 'prod' })).warehouseId).toBe('abc123');
  });

  it('names the file and the profiles when the requested profile does not exist', () => {
    expect(() => resolveDatabricksAuth(sources({}, { profile: 'staging' }))).toThrow(
      new ConfigError('/home/u/.databrickscfg: has no profile "staging" (profiles: DEFAULT, prod, mixed, gcp.eu)'),
    );
    expect(() => resolveDatabricksAuth({ env: readEnv({}), profile: 'prod' })).toThrow(
      /no configuration profiles file/,
    );
  });

  it('refuses two auth methods without DATABRICKS_AUTH_TYPE, as the SDKs do', () => {
    expect(() => resolveDatabricksAuth(sources({}, { profile: 'mixed' }))).toThrow(
      /more than one Databricks authorization method configured for https:\/\/dbc-mixed\.cloud\.databricks\.com: pat and oauth-m2m; set DATABRICKS_AUTH_TYPE/,
    );
    const chosen = resolveDatabricksAuth(sources({ DATABRICKS_AUTH_TYPE: 'oauth-m2m' }, { profile: 'mixed' }));
    expect(chosen.credentials.authType).toBe('oauth-m2m');
  });

  it('gives each workspace its own profile and rejects a profile for another host', () => {
    const target = { host: 'https://adb-1234567890123456.7.azuredatabricks.net', profile: 'prod' };
    expect(resolveDatabricksAuth(sources({}), target).credentials.azureClientSecret).toBe('entra-secret-value');
    expect(() =>
      resolveDatabricksAuth(sources({}), { host: 'https://dbc-other.cloud.databricks.com', profile: 'prod' }),
    ).toThrow(
      /profile "prod" is for https:\/\/adb-1234567890123456\.7\.azuredatabricks\.net, but lakewarden\.yaml names https:\/\/dbc-other/,
    );
  });

  it('a shared profile (--profile) lends its credentials to every listed workspace host', () => {
    const { credentials } = resolveDatabricksAuth(sources({}, { profile: 'gcp.eu' }), {
      host: 'https://9999.9.gcp.databricks.com',
    });
    expect(credentials).toMatchObject({ host: 'https://9999.9.gcp.databricks.com', clientId: 'sp-gcp' });
  });

  it('fails naming where to put a host when none is known', () => {
    expect(() => resolveDatabricksAuth({ env: readEnv({ DATABRICKS_TOKEN: 'x' }) })).toThrow(
      /no Databricks workspace URL/,
    );
  });

  it('lists every profile secret for scrubbing', () => {
    expect(profileSecretValues(FILE).sort()).toEqual(
      ['dapi-default-token', 'entra-secret-value', 'dose-gcp-secret', 'dapi-mixed', 'dose-mixed'].sort(),
    );
  });
});
