import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { http, passthrough } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import { toSqlError } from '../../../src/databricks/sql/sql-error.ts';
import { exitCodeFor } from '../../../src/errors.ts';
import {
  type FakeWorkspaceServer,
  startFakeWorkspaceServer,
} from '../../support/fake-databricks-sql/fake-workspace-server.ts';
import { SCAN_WAREHOUSE_ID, seedWorkspace, WORKSPACE_ID } from '../../support/fake-databricks-sql/seed-workspace.ts';
import { server } from '../../support/msw.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let ws: FakeWorkspaceServer;
let dir: string;

beforeAll(async () => {
  ws = await startFakeWorkspaceServer();
  await seedWorkspace(ws, new Date());
});
afterAll(async () => ws.close());
beforeEach(() => {
  server.use(ws.passthrough);
  dir = mkdtempSync(join(tmpdir(), 'lw-live-fail-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  ws.sql.clearFaults();
  rmSync(dir, { recursive: true, force: true });
});

/** `snapshot collect` in-process: exit code, the stderr lines, and whether a snapshot file was left behind. */
async function collect(env: Record<string, string>, extraArgs: string[] = []) {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\ndatabricks:\n  workspaceId: "${WORKSPACE_ID}"\n`,
  );
  const base = { DATABRICKS_HOST: ws.origin, DATABRICKS_WAREHOUSE_ID: SCAN_WAREHOUSE_ID, DATABRICKS_TOKEN: ws.token };
  for (const [name, value] of Object.entries({ ...base, ...env })) vi.stubEnv(name, value);
  const err: string[] = [];
  const out = join(dir, 'snapshot.json');
  const code = await runCli(['--config', file, 'snapshot', 'collect', '--out', out, ...extraArgs], {
    out: () => undefined,
    err: (t) => err.push(t),
  });
  const errors = err.filter((line) => !line.startsWith('… '));
  return { code, errors, written: existsSync(out) };
}

/** The runner alone, for causes the CLI meets only after REST (stopped warehouse, SQL-side token and network). */
async function runStatement(options: { host?: string; token?: string }) {
  const connection = await connectDatabricksSql({
    host: options.host ?? ws.origin,
    warehouseId: SCAN_WAREHOUSE_ID,
    auth: createPatTokenProvider(options.token ?? ws.token),
    retry: { maxAttempts: 2, delayMinMs: 1, delayMaxMs: 5, timeoutMs: 5_000 },
  });
  try {
    const runner = createDatabricksSqlRunner(connection.openSession, {
      errorContext: connection.errorContext,
      sleep: async () => undefined,
    });
    await runner.run('list-prices-current', {}, () => undefined);
    throw new Error('expected the statement to fail');
  } catch (error) {
    return error as Error;
  } finally {
    await connection.close();
  }
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('live collection failures: one line naming the cause, exit 1, no snapshot', () => {
  it('missing grant with --require-full: the statement, INSUFFICIENT_PERMISSIONS and the GRANT to run', async () => {
    ws.engine.revoke('billing');
    try {
      const { code, errors, written } = await collect({}, ['--require-full']);
      expect(errors).toEqual([
        "error: SQL statement list-prices-current failed: INSUFFICIENT_PERMISSIONS: Insufficient privileges: User does not have USE SCHEMA on Schema 'system.billing'. SQLSTATE: 42501 — grant the principal USE CATALOG system, USE SCHEMA and SELECT on system.billing (GRANT USE SCHEMA, SELECT ON SCHEMA system.billing TO …; docs/security.md)",
      ]);
      expect(code).toBe(1);
      expect(written).toBe(false);
    } finally {
      ws.engine.grant('billing');
    }
  });

  it('missing grant without --require-full: a degraded snapshot that lists the missing billing tables', async () => {
    ws.engine.revoke('billing');
    try {
      const { code, written } = await collect({});
      expect(code).toBe(0);
      expect(written).toBe(true);
      const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as {
        missing?: Array<{ table: string }>;
      };
      expect(snapshot.missing?.map((m) => m.table)).toEqual(expect.arrayContaining(['system.billing.list_prices']));
    } finally {
      ws.engine.grant('billing');
    }
  });

  it('statement timeout: the statement, TIMEOUT and STATEMENT_TIMEOUT of the session', async () => {
    ws.sql.inject('usage-by-resource-day', { type: 'runs-for', seconds: 900 });
    const { code, errors, written } = await collect({});
    expect(errors).toEqual([
      'error: SQL statement usage-by-resource-day failed: TIMEOUT: The operation is in a timed out state — the statement ran longer than STATEMENT_TIMEOUT (600 s): collect a shorter window (--window) or use a larger warehouse',
    ]);
    expect(code).toBe(1);
    expect(written).toBe(false);
  });

  it('bad token: HTTP 403 invalid access token, said once, naming DATABRICKS_TOKEN', async () => {
    const error = await runStatement({ token: 'dapi-revoked-0000' });
    expect(error.message).toBe(
      'SQL statement list-prices-current failed: HTTP 403: invalid access token — check DATABRICKS_TOKEN',
    );
    expect(exitCodeFor(error)).toBe(1);
    const { code, errors, written } = await collect({ DATABRICKS_TOKEN: 'dapi-revoked-0000' });
    expect(errors).toEqual([
      `error: Databricks rejected the credentials (HTTP 403: invalid access token on GET /api/2.0/sql/warehouses/${SCAN_WAREHOUSE_ID}, pat): check DATABRICKS_TOKEN`,
    ]);
    expect(code).toBe(1);
    expect(written).toBe(false);
  });

  it('wrong host: cannot connect to host:port, check DATABRICKS_HOST', async () => {
    const port = await closedPort();
    server.use(http.all(`https://localhost:${port}/*`, () => passthrough()));
    const error = await runStatement({ host: `https://localhost:${port}` });
    expect(error.message).toBe(
      `SQL statement list-prices-current failed: ECONNREFUSED — cannot connect to localhost:${port}: check DATABRICKS_HOST (host and port), the network and any proxy`,
    );
    expect(exitCodeFor(error)).toBe(1);
    const { code, errors, written } = await collect({ DATABRICKS_HOST: `https://localhost:${port}` });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^error: .*cannot reach localhost:${port} .*check DATABRICKS_HOST$`));
    expect(code).toBe(1);
    expect(written).toBe(false);
  });

  it('stopped warehouse: HTTP 503 after the driver retries, the warehouse named', async () => {
    const warehouse = ws.rest.warehouses.get(SCAN_WAREHOUSE_ID) ?? {};
    warehouse.state = 'STOPPED';
    try {
      const error = await runStatement({});
      expect(error.message).toBe(
        `SQL statement list-prices-current failed: HTTP 503: TEMPORARILY_UNAVAILABLE — SQL warehouse ${SCAN_WAREHOUSE_ID} is stopped, starting or overloaded: start it (or let lakewarden start it) and retry`,
      );
      expect(exitCodeFor(error)).toBe(1);
    } finally {
      warehouse.state = 'RUNNING';
    }
  });

  it('untrusted certificate: the TLS code and where to add the CA', async () => {
    const trusted = tls.getCACertificates('default');
    tls.setDefaultCACertificates(tls.getCACertificates('bundled'));
    try {
      const error = await runStatement({});
      expect(error.message).toMatch(
        /^SQL statement list-prices-current failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE) — the TLS certificate of localhost:\d+ is not trusted; behind a TLS-inspecting proxy add its CA with NODE_EXTRA_CA_CERTS$/,
      );
    } finally {
      tls.setDefaultCACertificates(trusted);
    }
  });

  it('an undocumented column fails as on Databricks: UNRESOLVED_COLUMN from the warehouse', async () => {
    const connection = await connectDatabricksSql({
      host: ws.origin,
      warehouseId: SCAN_WAREHOUSE_ID,
      auth: createPatTokenProvider(ws.token),
    });
    try {
      const session = await connection.openSession('ad-hoc');
      const operation = await session.executeStatement(
        'SELECT workspace_id, warehouse_name FROM system.billing.usage',
        {},
      );
      const error = await operation.fetchChunk({ maxRows: 10 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await session.close();
      expect(toSqlError('ad-hoc', undefined, error, connection.errorContext).message).toMatch(
        /^SQL statement ad-hoc failed: UNRESOLVED_COLUMN\.WITHOUT_SUGGESTION: A column, variable, or function parameter with name `warehouse_name` cannot be resolved\. SQLSTATE: 42703 — a column this statement reads is missing/,
      );
    } finally {
      await connection.close();
    }
  });

  // Last: the schema does not come back in this workspace.
  it('missing system schema: TABLE_OR_VIEW_NOT_FOUND and how to enable it', async () => {
    await ws.engine.disableSchema('compute');
    const { code, errors, written } = await collect({});
    expect(errors).toEqual([
      'error: SQL statement clusters-latest failed: TABLE_OR_VIEW_NOT_FOUND: The table or view `system`.`compute`.`clusters` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01 — system.compute is not enabled in this metastore or not visible to the principal: an account admin enables it (databricks system-schemas enable <metastore-id> compute; https://docs.databricks.com/en/admin/system-tables/index.html#enable-system-tables), then grant USE SCHEMA and SELECT on it',
    ]);
    expect(code).toBe(1);
    expect(written).toBe(false);
  });
});
