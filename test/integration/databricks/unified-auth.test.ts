import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { AZURE_DATABRICKS_RESOURCE_ID } from '../../../src/databricks/auth/azure-client-secret-token-provider.ts';
import { createTokenProvider } from '../../../src/databricks/auth/create-token-provider.ts';
import { createWorkspaceReader } from '../../../src/databricks/rest/create-workspace-reader.ts';
import { readWorkspaceId } from '../../../src/databricks/rest/read-workspace-id.ts';
import { AuthenticationError, ConfigError } from '../../../src/errors.ts';
import { server } from '../../support/msw.ts';
import { fixture } from './fake-databricks.ts';

const AZURE_HOST = 'https://adb-1234567890123456.7.azuredatabricks.net';
const GCP_HOST = 'https://1234567890123456.7.gcp.databricks.com';
const AWS_HOST = 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com';
/** The fake Microsoft Entra ID authority the tests inject (the real one is https://login.microsoftonline.com/). */
const AUTHORITY = 'https://login.entra.test/';
const TENANT = '99999999-8888-7777-6666-555555555555';

/**
 * A Microsoft Entra ID v2.0 token endpoint for the client credentials grant, as documented at
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow: form body with
 * client_id, client_secret, scope, grant_type; success `{token_type, expires_in, access_token}`; a wrong secret
 * is HTTP 401 `{error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided. …"}`.
 */
function fakeEntra(secret: string) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.post(`${AUTHORITY}:tenant/oauth2/v2.0/token`, async ({ request, params }) => {
      const form = new URLSearchParams(await request.text());
      requests.push(form);
      if (params.tenant !== TENANT) {
        return HttpResponse.json(
          {
            error: 'invalid_request',
            error_description: `AADSTS90002: Tenant '${String(params.tenant)}' not found.\r\nTrace ID: x`,
          },
          { status: 400 },
        );
      }
      if (form.get('client_secret') !== secret) {
        return HttpResponse.json(
          {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1\r\nCorrelation ID: 2',
          },
          { status: 401 },
        );
      }
      return HttpResponse.json({
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: `entra-token-${requests.length}`,
      });
    }),
  );
  return requests;
}

/** A workspace REST endpoint that accepts one bearer token and sends X-Databricks-Org-Id like every API response. */
function workspace(host: string, accepted: string, orgId = '1234567890123456') {
  const seen: string[] = [];
  server.use(
    http.get(`${host}/api/2.0/sql/warehouses/:id`, ({ request }) => {
      const token = (request.headers.get('authorization') ?? '').replace('Bearer ', '');
      seen.push(token);
      if (token !== accepted) {
        return HttpResponse.json({ error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }, { status: 401 });
      }
      return HttpResponse.json(
        { ...fixture('warehouse-get.json'), state: 'STOPPED' },
        { headers: { 'x-databricks-org-id': orgId } },
      );
    }),
    http.get(`${host}/api/2.0/preview/scim/v2/Me`, ({ request }) => {
      const token = (request.headers.get('authorization') ?? '').replace('Bearer ', '');
      if (token !== accepted) return HttpResponse.json({ detail: 'invalid token', status: '401' }, { status: 401 });
      return HttpResponse.json({ userName: 'sp' }, { headers: { 'x-databricks-org-id': orgId } });
    }),
  );
  return seen;
}

describe('Azure service principal with a client secret (azure-client-secret)', () => {
  it('gets an Entra ID token for the AzureDatabricks resource from the injected authority and uses it on REST', async () => {
    const requests = fakeEntra('entra-secret');
    const seen = workspace(AZURE_HOST, 'entra-token-1');
    const auth = createTokenProvider(
      { host: AZURE_HOST, azureClientId: 'app-id', azureClientSecret: 'entra-secret', azureTenantId: TENANT },
      { azureAuthority: AUTHORITY },
    );
    expect(auth.method).toBe('azure-client-secret');
    const { reader } = createWorkspaceReader({ host: AZURE_HOST, auth, version: '0.1.0' });
    await reader.getWarehouse('w');
    await reader.getWarehouse('w');
    expect(seen).toEqual(['entra-token-1', 'entra-token-1']);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app-id',
      client_secret: 'entra-secret',
      scope: `${AZURE_DATABRICKS_RESOURCE_ID}/.default`,
    });
  });

  it('a wrong secret is one AuthenticationError with the AADSTS code and the variables to fix, never the secret', async () => {
    fakeEntra('entra-secret');
    const auth = createTokenProvider(
      { host: AZURE_HOST, azureClientId: 'app-id', azureClientSecret: 'wrong-secret', azureTenantId: TENANT },
      { azureAuthority: AUTHORITY },
    );
    const error = await auth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(
      'Microsoft Entra ID rejected the service principal (invalid_client: AADSTS7000215: Invalid client secret provided.): check ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID',
    );
    expect((error as Error).message).not.toContain('wrong-secret');
  });

  it('names the profile fields when the credentials came from a profile', async () => {
    fakeEntra('entra-secret');
    const auth = createTokenProvider(
      {
        host: AZURE_HOST,
        azureClientId: 'app-id',
        azureClientSecret: 'entra-secret',
        azureTenantId: 'other-tenant',
        profile: { name: 'prod', path: '/home/u/.databrickscfg' },
      },
      { azureAuthority: AUTHORITY },
    );
    await expect(auth.token()).rejects.toThrow(
      /AADSTS90002: Tenant 'other-tenant' not found\.\): check ARM_CLIENT_ID\/ARM_CLIENT_SECRET\/ARM_TENANT_ID or azure_client_id\/azure_client_secret\/azure_tenant_id of profile prod in \/home\/u\/\.databrickscfg$/,
    );
  });

  it('is refused on a non-Azure host and without a tenant', () => {
    expect(() =>
      createTokenProvider({ host: AWS_HOST, azureClientId: 'a', azureClientSecret: 'b', azureTenantId: TENANT }),
    ).toThrow(/needs an Azure Databricks host/);
    expect(() => createTokenProvider({ host: AZURE_HOST, azureClientId: 'a', azureClientSecret: 'b' })).toThrow(
      /needs the tenant/,
    );
  });
});

describe('auth type selection (DATABRICKS_AUTH_TYPE)', () => {
  it('follows the default order pat → oauth-m2m → azure-client-secret and honours a forced type', () => {
    const all = {
      host: AZURE_HOST,
      token: 'dapi',
      clientId: 'c',
      clientSecret: 's',
      azureClientId: 'a',
      azureClientSecret: 'b',
      azureTenantId: TENANT,
    };
    expect(createTokenProvider(all).method).toBe('pat');
    expect(createTokenProvider({ ...all, token: undefined }).method).toBe('oauth-m2m');
    expect(createTokenProvider({ ...all, authType: 'azure-client-secret' }).method).toBe('azure-client-secret');
    expect(() => createTokenProvider({ ...all, authType: 'azure-cli' })).toThrow(
      new ConfigError(
        'DATABRICKS_AUTH_TYPE (or auth_type) "azure-cli" is not supported by lakewarden: use pat, oauth-m2m, azure-client-secret',
      ),
    );
    expect(() => createTokenProvider({ host: AWS_HOST, authType: 'oauth-m2m', clientId: 'c' })).toThrow(
      /oauth-m2m but its credentials are incomplete: set DATABRICKS_CLIENT_ID\/DATABRICKS_CLIENT_SECRET/,
    );
  });
});

describe('Databricks OAuth M2M on every cloud', () => {
  it.each([
    ['AWS', AWS_HOST],
    ['Azure', AZURE_HOST],
    ['GCP', GCP_HOST],
  ])('%s: discovers the token endpoint on the workspace host', async (_cloud, host) => {
    server.use(
      http.get(`${host}/oidc/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json({
          token_endpoint: `${host}/oidc/v1/token`,
          authorization_endpoint: `${host}/oidc/v1/authorize`,
        }),
      ),
      http.post(`${host}/oidc/v1/token`, () =>
        HttpResponse.json({ ...fixture('oauth-token-response.json'), access_token: 'm2m' }),
      ),
    );
    const seen = workspace(host, 'm2m');
    const auth = createTokenProvider({ host, clientId: 'sp', clientSecret: 'dose' });
    expect(auth.method).toBe('oauth-m2m');
    await createWorkspaceReader({ host, auth, version: '0.1.0' }).reader.getWarehouse('w');
    expect(seen).toEqual(['m2m']);
  });
});

describe('workspace id from the API', () => {
  it('reads X-Databricks-Org-Id from GET /api/2.0/preview/scim/v2/Me', async () => {
    workspace(AWS_HOST, 'dapi-x', '7474650000000000');
    const auth = createTokenProvider({ host: AWS_HOST, token: 'dapi-x' });
    expect(await readWorkspaceId({ host: AWS_HOST, auth, userAgent: 'lakewarden/test' })).toBe('7474650000000000');
  });

  it('a rejected token is an AuthenticationError naming the variable', async () => {
    workspace(AWS_HOST, 'dapi-x');
    const auth = createTokenProvider({ host: AWS_HOST, token: 'dapi-wrong' });
    await expect(readWorkspaceId({ host: AWS_HOST, auth, userAgent: 'lakewarden/test' })).rejects.toThrow(
      /HTTP 401 .*check DATABRICKS_TOKEN/,
    );
  });
});

describe('lakewarden --profile doctor (profiles file, read-only warehouse)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-auth-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  function setUp(extraEnv: Record<string, string> = {}) {
    const cfg = join(dir, 'databrickscfg');
    writeFileSync(
      cfg,
      `[DEFAULT]\nhost = https://dbc-unused.cloud.databricks.com\ntoken = dapi-default-0000\n\n[prod]\nhost = ${AWS_HOST}\ntoken = dapi-prod-secret-1234\nwarehouse_id = ec58ee3772e8d305\n`,
    );
    const yaml = join(dir, 'lakewarden.yaml');
    writeFileSync(yaml, `store:\n  sqlitePath: ${join(dir, 'lw.db')}\n`);
    for (const name of [
      'DATABRICKS_HOST',
      'DATABRICKS_TOKEN',
      'DATABRICKS_CLIENT_ID',
      'DATABRICKS_CLIENT_SECRET',
      'DATABRICKS_WAREHOUSE_ID',
      'DATABRICKS_CONFIG_PROFILE',
      'JIRA_BASE_URL',
      'LAKEWARDEN_KILL_SWITCH',
      'DATABASE_URL',
    ])
      vi.stubEnv(name, '');
    vi.stubEnv('DATABRICKS_CONFIG_FILE', cfg);
    for (const [k, v] of Object.entries(extraEnv)) vi.stubEnv(k, v);
    let starts = 0;
    server.use(
      http.get(`${AWS_HOST}/oidc/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(fixture('oauth-authorization-server.json')),
      ),
      http.get(`${AWS_HOST}/api/2.0/sql/warehouses`, () => HttpResponse.json(fixture('warehouses-list.json'))),
      http.post(`${AWS_HOST}/api/2.0/sql/warehouses/:id/start`, () => {
        starts++;
        return HttpResponse.json({});
      }),
    );
    workspace(AWS_HOST, 'dapi-prod-secret-1234', '1234567890123456');
    return { yaml, starts: () => starts };
  }

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('uses the profile, reads the workspace id from the API, and does not start the stopped warehouse', async () => {
    const { yaml, starts } = setUp();
    const { code, out } = await cli(['--config', yaml, 'doctor', '--profile', 'prod']);
    expect(code).toBe(1);
    expect(out).toMatch(/^ok {4}databricks default: authentication: authenticated with pat$/m);
    expect(out).toMatch(
      /^FAIL {2}databricks default: SQL warehouse: SQL warehouse ec58ee3772e8d305 is STOPPED; lakewarden did not start it \(read-only\): starting it costs about \$13\.20\/hour/m,
    );
    expect(out).toContain('fix: Start it yourself, or run `lakewarden doctor --start-warehouse`');
    expect(out).not.toContain('dapi-prod-secret-1234');
    expect(starts()).toBe(0);
  });

  it('DATABRICKS_CONFIG_PROFILE selects the profile; --start-warehouse is refused while the kill switch is on', async () => {
    const { yaml, starts } = setUp({ DATABRICKS_CONFIG_PROFILE: 'prod', LAKEWARDEN_KILL_SWITCH: '1' });
    const { code, out } = await cli(['--config', yaml, 'doctor', '--start-warehouse']);
    expect(code).toBe(1);
    expect(out).toContain('the kill switch is on, so --start-warehouse is refused');
    expect(starts()).toBe(0);
  });

  it('an unknown profile exits 2 naming the file and the profiles', async () => {
    const { yaml } = setUp();
    const { code, err } = await cli([
      '--config',
      yaml,
      '--profile',
      'staging',
      'snapshot',
      'collect',
      '--out',
      join(dir, 's.json'),
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/databrickscfg: has no profile "staging" \(profiles: DEFAULT, prod\)/);
  });
});
