import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../../src/databricks/collect/collect-snapshot.ts';
import { CollectorError, DatabricksPermissionError } from '../../../src/databricks/errors.ts';
import { createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import { ensureWarehouseRunning } from '../../../src/databricks/sql/ensure-warehouse-running.ts';
import type { SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { AuthenticationError, ExternalServiceError } from '../../../src/errors.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, fixture, HOST, patReader, plantedRows, restHandlers, WORKSPACE } from './fake-databricks.ts';

function run(sql: SqlRunner) {
  return collectSnapshot({
    sql,
    rest: patReader().reader,
    workspaces: [WORKSPACE],
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: {},
    onProgress: () => undefined,
  });
}

/** A SqlRunner over the real adapter whose session fails `failing` with the driver's error text. */
function failingDriver(failing: string, message: string): SqlRunner {
  const rows = plantedRows();
  return createDatabricksSqlRunner(async (collector) => ({
    executeStatement: async () => {
      if (collector === failing) throw new Error(message);
      const pending = [rows[collector] ?? []];
      return {
        fetchChunk: async () => pending.shift() ?? [],
        hasMoreRows: async () => pending.length > 0,
        close: async () => undefined,
      };
    },
    close: async () => undefined,
  }));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain('\n');
  return error as Error;
}

describe('collection failures: one clear typed error, no snapshot', () => {
  it('wrong host (network error) names the collector and DATABRICKS_HOST', async () => {
    server.use(http.get(`${HOST}/api/2.0/sql/warehouses`, () => HttpResponse.error()));
    const error = await failure(run(fakeSqlRunner(plantedRows())));
    expect(error).toBeInstanceOf(CollectorError);
    expect(error.message).toMatch(/collector rest:warehouses-list .*cannot reach dbc-a1b2c3d4-e5f6.*DATABRICKS_HOST/);
  });

  it('bad token (401) is an AuthenticationError naming DATABRICKS_TOKEN', async () => {
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses`, () =>
        HttpResponse.json({ error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }, { status: 401 }),
      ),
    );
    const error = await failure(run(fakeSqlRunner(plantedRows())));
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/HTTP 401 .*check DATABRICKS_TOKEN/);
  });

  it('a rejected token (HTTP 403 invalid access token) says so once and names DATABRICKS_TOKEN', async () => {
    // Databricks' answer to an invalid token (databricks/databricks-sdk-go#873).
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses`, () =>
        HttpResponse.json(
          { error_code: 403, message: 'Invalid access token.' },
          { status: 403, headers: { 'x-databricks-reason-phrase': 'Invalid access token.' } },
        ),
      ),
    );
    const error = await failure(run(fakeSqlRunner(plantedRows())));
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'collector rest:warehouses-list (workspace 1234567890123456) failed: Databricks rejected the credentials (HTTP 403: invalid access token on GET /api/2.0/sql/warehouses, pat): check DATABRICKS_TOKEN',
    );
  });

  it('missing grant on REST (403 PERMISSION_DENIED) is a permission error', async () => {
    const seen = { eventPages: 0, jobGetPages: 0 };
    server.use(
      http.get(`${HOST}/api/2.2/jobs/list`, () =>
        HttpResponse.json({ error_code: 'PERMISSION_DENIED', message: 'User is not authorized.' }, { status: 403 }),
      ),
      ...restHandlers(seen),
    );
    const error = await failure(run(fakeSqlRunner(plantedRows())));
    expect(error.message).toMatch(/collector rest:jobs-list .*HTTP 403 PERMISSION_DENIED/);
    expect(error.cause).toBeInstanceOf(DatabricksPermissionError);
  });

  it('missing SELECT on a system table (SQL error) names the statement and the grants', async () => {
    const error = await failure(
      run(
        failingDriver(
          'usage-by-resource-day',
          '[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have SELECT on Table system.billing.usage.',
        ),
      ),
    );
    expect(error).toBeInstanceOf(CollectorError);
    expect((error as CollectorError).collector).toBe('usage-by-resource-day');
    expect(error.cause).toBeInstanceOf(DatabricksPermissionError);
    expect(error.message).toBe(
      'SQL statement usage-by-resource-day failed: INSUFFICIENT_PERMISSIONS: Insufficient privileges: User does not have SELECT on Table system.billing.usage. — grant the principal USE CATALOG system, USE SCHEMA and SELECT on system.billing (GRANT USE SCHEMA, SELECT ON SCHEMA system.billing TO …; docs/security.md)',
    );
  });

  it('a disabled system schema (table not found) says to enable it', async () => {
    const error = await failure(
      run(
        failingDriver(
          'cluster-node-hours',
          '[TABLE_OR_VIEW_NOT_FOUND] The table or view `system`.`compute`.`node_timeline` cannot be found.',
        ),
      ),
    );
    expect(error.message).toMatch(
      /^SQL statement cluster-node-hours failed: TABLE_OR_VIEW_NOT_FOUND: .* — system\.compute is not enabled .*system-schemas enable/,
    );
  });

  it('a stopped warehouse that does not start in time fails with the deadline', async () => {
    let starts = 0;
    let first = true;
    server.use(
      http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => {
        starts++;
        return HttpResponse.json({});
      }),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => {
        const state = first ? 'STOPPED' : 'STARTING';
        first = false;
        return HttpResponse.json({ ...fixture('warehouse-get.json'), state });
      }),
    );
    let now = 0;
    const { reader, call } = patReader();
    const progress: string[] = [];
    const error = await failure(
      ensureWarehouseRunning({
        reader,
        call,
        warehouseId: 'ec58ee3772e8d305',
        start: true,
        deadlineMs: 60_000,
        pollMs: 10_000,
        sleep: async (ms) => {
          now += ms;
        },
        now: () => now,
        onProgress: (m) => progress.push(m),
      }),
    );
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error.message).toBe(
      'SQL warehouse ec58ee3772e8d305 did not reach RUNNING within 60 s (last state STARTING)',
    );
    expect(starts).toBe(1);
    expect(progress).toEqual([
      'starting SQL warehouse ec58ee3772e8d305 (was STOPPED): starting it costs about $13.20/hour (24 DBU/hour for Medium × 1 cluster(s) at $0.55/DBU list price, plus cloud VMs), until it auto-stops after 120 min idle',
    ]);
  });

  it('a stopped warehouse that starts returns the seconds waited', async () => {
    let gets = 0;
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => {
        gets++;
        return HttpResponse.json({ ...fixture('warehouse-get.json'), state: gets < 3 ? 'STOPPED' : 'RUNNING' });
      }),
      http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => HttpResponse.json({})),
    );
    let now = 0;
    const { reader, call } = patReader();
    const waited = await ensureWarehouseRunning({
      reader,
      call,
      warehouseId: 'ec58ee3772e8d305',
      start: true,
      sleep: async (ms) => {
        now += ms;
      },
      now: () => now,
      onProgress: () => undefined,
    });
    expect(waited).toBe(20);
  });
});
