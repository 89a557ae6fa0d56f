import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createOAuthM2mTokenProvider } from '../../../src/databricks/auth/oauth-m2m-token-provider.ts';
import { createWorkspaceReader } from '../../../src/databricks/rest/create-workspace-reader.ts';
import { AuthenticationError } from '../../../src/errors.ts';
import { server } from '../../support/msw.ts';
import { fixture, HOST } from './fake-databricks.ts';

function oauthWorkspace(options: { rejectTokens?: Set<string> } = {}) {
  const state = {
    discovery: 0,
    tokenRequests: 0,
    bodies: [] as string[],
    auth: [] as (string | null)[],
    seenTokens: [] as string[],
  };
  server.use(
    http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () => {
      state.discovery++;
      return HttpResponse.json(fixture('oauth-authorization-server.json'));
    }),
    http.post(`${HOST}/oidc/v1/token`, async ({ request }) => {
      state.tokenRequests++;
      state.bodies.push(await request.text());
      state.auth.push(request.headers.get('authorization'));
      return HttpResponse.json({
        ...fixture('oauth-token-response.json'),
        access_token: `token-${state.tokenRequests}`,
      });
    }),
    http.get(`${HOST}/api/2.0/sql/warehouses/:id`, ({ request }) => {
      const token = (request.headers.get('authorization') ?? '').replace('Bearer ', '');
      state.seenTokens.push(token);
      if (options.rejectTokens?.has(token) === true || options.rejectTokens?.has('*') === true) {
        return HttpResponse.json({ error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }, { status: 401 });
      }
      return HttpResponse.json(fixture('warehouse-get.json'));
    }),
  );
  let now = 1_000_000;
  const auth = createOAuthM2mTokenProvider({
    host: HOST,
    clientId: 'sp-id',
    clientSecret: 'sp-secret',
    now: () => now,
  });
  const { reader } = createWorkspaceReader({ host: HOST, auth, version: '0.1.0', sleep: async () => undefined });
  return { state, auth, reader, advance: (ms: number) => (now += ms) };
}

describe('OAuth M2M', () => {
  it('discovers the token endpoint, posts client_credentials with Basic auth, and reuses the cached token', async () => {
    const { state, reader } = oauthWorkspace();
    await reader.getWarehouse('ec58ee3772e8d305');
    await reader.getWarehouse('ec58ee3772e8d305');
    expect(state.discovery).toBe(1);
    expect(state.tokenRequests).toBe(1);
    expect(state.bodies[0]).toBe('grant_type=client_credentials&scope=all-apis');
    expect(state.auth[0]).toBe(`Basic ${Buffer.from('sp-id:sp-secret').toString('base64')}`);
    expect(state.seenTokens).toEqual(['token-1', 'token-1']);
  });

  it('refreshes when fewer than 5 minutes remain, not before', async () => {
    const { state, reader, advance } = oauthWorkspace();
    await reader.getWarehouse('x');
    advance((3600 - 301) * 1000); // 5 min 1 s left: still cached
    await reader.getWarehouse('x');
    expect(state.tokenRequests).toBe(1);
    advance(2000); // 4 min 59 s left: refresh
    await reader.getWarehouse('x');
    expect(state.tokenRequests).toBe(2);
    expect(state.seenTokens).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('merges concurrent refreshes into one token request', async () => {
    const { state, auth } = oauthWorkspace();
    const tokens = await Promise.all([auth.token(), auth.token(), auth.refresh()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(state.tokenRequests).toBe(1);
  });

  it('on a 401 refreshes once and retries with the new token', async () => {
    const { state, reader } = oauthWorkspace({ rejectTokens: new Set(['token-1']) });
    const warehouse = await reader.getWarehouse('ec58ee3772e8d305');
    expect(warehouse.id).toBe('ec58ee3772e8d305');
    expect(state.seenTokens).toEqual(['token-1', 'token-2']);
  });

  it('a second 401 fails with an AuthenticationError naming the client id/secret variables', async () => {
    const { state, reader } = oauthWorkspace({ rejectTokens: new Set(['*']) });
    const error = await reader.getWarehouse('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/HTTP 401 .*oauth-m2m.*DATABRICKS_CLIENT_ID\/DATABRICKS_CLIENT_SECRET/);
    expect((error as Error).message).not.toContain('\n');
    expect(state.tokenRequests).toBe(2);
  });

  it('a rejected client secret fails at the token endpoint with the variables to fix', async () => {
    server.use(
      http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(fixture('oauth-authorization-server.json')),
      ),
      http.post(`${HOST}/oidc/v1/token`, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })),
    );
    const auth = createOAuthM2mTokenProvider({ host: HOST, clientId: 'sp', clientSecret: 'wrong' });
    await expect(auth.token()).rejects.toThrow(/rejected .*DATABRICKS_CLIENT_ID\/DATABRICKS_CLIENT_SECRET/);
  });
});
