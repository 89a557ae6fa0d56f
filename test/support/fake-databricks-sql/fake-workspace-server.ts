import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { getResponse, HttpResponse, http, passthrough, type RequestHandler } from 'msw';
import { generate } from 'selfsigned';
import { createFakeDatabricksWorkspace, type FakeDatabricksWorkspace } from '../fake-databricks-workspace.ts';
import { SqlEngine } from './sql-engine.ts';
import { createThriftEndpoint, type ThriftEndpoint } from './thrift-endpoint.ts';

/** A whole test workspace on one HTTPS origin, as customers reach a real one. */
export interface FakeWorkspaceServer {
  /** `https://localhost:<port>` — a non-default port, like a proxy or private link would give. */
  origin: string;
  /** The PAT the workspace accepts. */
  token: string;
  /** The OAuth M2M client the workspace's token endpoint accepts. */
  oauth: { clientId: string; clientSecret: string; issued(): number };
  rest: FakeDatabricksWorkspace;
  sql: ThriftEndpoint;
  engine: SqlEngine;
  /** Lets in-process clients through msw to this origin: `server.use(ws.passthrough)` in each test. */
  passthrough: RequestHandler;
  close(): Promise<void>;
}

/**
 * Starts one HTTPS server on 127.0.0.1 (certificate generated for `localhost` by `selfsigned`, trusted explicitly
 * in this process with tls.setDefaultCACertificates for the test's duration) serving, like a workspace:
 * - `POST /sql/1.0/warehouses/{id}`: the SQL warehouse's Thrift endpoint (thrift-endpoint.ts) over the embedded
 *   engine (sql-engine.ts);
 * - `/api/*`: the REST fake of test/support/fake-databricks-workspace.ts (its msw handlers, answered here); an
 *   unknown bearer token gets Databricks' 403 `Invalid access token.` (databricks/databricks-sdk-go#873);
 * - OAuth M2M (https://docs.databricks.com/en/dev-tools/auth/oauth-m2m.html): `GET
 *   /oidc/.well-known/oauth-authorization-server` → `token_endpoint`; `POST /oidc/v1/token` with Basic client
 *   credentials and `grant_type=client_credentials&scope=all-apis` → `{access_token, token_type, expires_in}`; the
 *   issued token is accepted by REST and SQL alike.
 * In-process clients reach it through msw with the returned `passthrough` handler.
 */
export async function startFakeWorkspaceServer(): Promise<FakeWorkspaceServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] },
    ],
  });
  const engine = await SqlEngine.create();
  const oauth = { clientId: 'lakewarden-sp', clientSecret: `dose-${randomBytes(8).toString('hex')}` };
  const issued = new Set<string>();
  const pat = `dapi-${randomBytes(12).toString('hex')}`;
  let rest: FakeDatabricksWorkspace | undefined;
  let sql: ThriftEndpoint | undefined;

  const https: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const warehouse = /^\/sql\/1\.0\/warehouses\/([^/]+)$/.exec(url.pathname);
    if (warehouse !== null && req.method === 'POST' && sql !== undefined) {
      sql.handle(req, res, decodeURIComponent(warehouse[1] ?? ''));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      // The REST fake checks one bearer token: an issued OAuth token stands for the workspace's PAT.
      const bearer = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
      if (bearer !== undefined && issued.has(bearer)) headers.set('authorization', `Bearer ${pat}`);
      else if (url.pathname.startsWith('/api/') && bearer !== pat) {
        // Databricks' answer to an unknown token (databricks/databricks-sdk-go#873).
        res.writeHead(403, {
          'content-type': 'application/json',
          'x-databricks-reason-phrase': 'Invalid access token.',
        });
        res.end(JSON.stringify({ error_code: 403, message: 'Invalid access token.' }));
        return;
      }
      const method = req.method ?? 'GET';
      const request = new Request(url, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      });
      const response = (await getResponse([...oauthHandlers, ...(rest?.handlers ?? [])], request)) ?? notFound();
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const origin = `https://localhost:${(https.address() as AddressInfo).port}`;

  const oauthHandlers = [
    http.get(`${origin}/oidc/.well-known/oauth-authorization-server`, () =>
      HttpResponse.json({
        issuer: `${origin}/oidc`,
        authorization_endpoint: `${origin}/oidc/v1/authorize`,
        token_endpoint: `${origin}/oidc/v1/token`,
      }),
    ),
    http.post(`${origin}/oidc/v1/token`, async ({ request }) => {
      const basic = Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64');
      const body = new URLSearchParams(await request.text());
      if (request.headers.get('authorization') !== `Basic ${basic}`)
        return HttpResponse.json(
          { error: 'invalid_client', error_description: 'Client authentication failed' },
          { status: 401 },
        );
      if (body.get('grant_type') !== 'client_credentials' || body.get('scope') !== 'all-apis')
        return HttpResponse.json({ error: 'invalid_request' }, { status: 400 });
      const token = `eyJ-oauth-${randomBytes(12).toString('hex')}`;
      issued.add(token);
      return HttpResponse.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }),
  ];

  rest = createFakeDatabricksWorkspace({ host: origin, token: pat });
  const restFake = rest;
  sql = createThriftEndpoint(engine, {
    acceptsToken: (token) => token === pat || issued.has(token),
    warehouseState: (id) => {
      const found = restFake.warehouses.get(id);
      return found === undefined ? undefined : String(found.state ?? 'RUNNING');
    },
  });

  const trusted = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...trusted, pems.cert]);

  return {
    origin,
    token: pat,
    oauth: { ...oauth, issued: () => issued.size },
    rest,
    sql,
    engine,
    passthrough: http.all(`${origin}/*`, () => passthrough()),
    async close() {
      tls.setDefaultCACertificates(trusted);
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    },
  };
}

function notFound(): Response {
  return HttpResponse.json({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found' }, { status: 404 });
}
