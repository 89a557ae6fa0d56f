import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { type DoctorDeps, runDoctorChecks } from '../../../src/databricks/doctor-checks.ts';
import { DatabricksPermissionError } from '../../../src/databricks/errors.ts';
import type { SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { COLLECTOR_STATEMENTS, PROBE_TABLES } from '../../../src/databricks/sql/statements.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, fixture, HOST, patReader } from './fake-databricks.ts';

function deps(sqlCalls: string[], overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  const { reader, call } = patReader();
  const sql = fakeSqlRunner({}, sqlCalls);
  return {
    host: HOST,
    auth: createPatTokenProvider('dapi-test'),
    reader,
    call,
    warehouseId: 'ec58ee3772e8d305',
    startWarehouse: false,
    killSwitch: false,
    window: { start: '2026-09-01', end: '2026-09-30' },
    sleep: async () => undefined,
    now: () => 0,
    onProgress: () => undefined,
    sql: async (): Promise<SqlRunner> => ({
      run: async (name, params, onRow) => {
        if (name === 'probe:system.query.history') {
          throw new DatabricksPermissionError('databricks', 'SQL probe: INSUFFICIENT_PERMISSIONS');
        }
        return sql.run(name, params, onRow);
      },
    }),
    ...overrides,
  };
}

/** A workspace whose warehouse is STOPPED until POST …/start; counts the starts. */
function stoppedWarehouse(warehouse: Record<string, unknown> = {}): { starts: () => number } {
  let starts = 0;
  let state = 'STOPPED';
  server.use(
    http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () =>
      HttpResponse.json(fixture('oauth-authorization-server.json')),
    ),
    http.get(`${HOST}/api/2.0/sql/warehouses`, () => HttpResponse.json(fixture('warehouses-list.json'))),
    http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
      HttpResponse.json({ ...fixture('warehouse-get.json'), ...warehouse, state }),
    ),
    http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => {
      starts++;
      state = 'RUNNING';
      return HttpResponse.json({});
    }),
  );
  return { starts: () => starts };
}

describe('doctor checks', () => {
  it('reports host, auth method, warehouse, each system table and each statement, with a fix for failures', async () => {
    server.use(
      http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(fixture('oauth-authorization-server.json')),
      ),
      http.get(`${HOST}/api/2.0/sql/warehouses`, () => HttpResponse.json(fixture('warehouses-list.json'))),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => HttpResponse.json(fixture('warehouse-get.json'))),
    );
    const calls: string[] = [];
    const checks = await runDoctorChecks(deps(calls));
    expect(checks.slice(0, 3).map((c) => [c.name, c.ok, c.detail])).toEqual([
      ['host reachable', true, `${HOST} answered HTTP 200`],
      ['authentication', true, 'authenticated with pat'],
      ['SQL warehouse', true, 'ec58ee3772e8d305 is RUNNING (waited 0 s)'],
    ]);
    expect(checks).toHaveLength(3 + PROBE_TABLES.length + COLLECTOR_STATEMENTS.length);
    const failed = checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toEqual(['readable: system.query.history']);
    expect(failed[0]?.fix).toMatch(/Enable the query system schema .*SELECT on system.query/);
    expect(calls).toContain('explain:usage-by-resource-day');
  });

  it('stops after a failed authentication with the variables to fix', async () => {
    server.use(
      http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () => HttpResponse.json({}, { status: 404 })),
      http.get(`${HOST}/api/2.0/sql/warehouses`, () =>
        HttpResponse.json({ error_code: 'UNAUTHENTICATED', message: 'bad' }, { status: 401 }),
      ),
    );
    const checks = await runDoctorChecks(deps([]));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['host reachable', true],
      ['authentication', false],
    ]);
    expect(checks[1]?.fix).toContain('DATABRICKS_TOKEN');
  });

  it('never starts a stopped warehouse without --start-warehouse, and says what starting would cost per hour', async () => {
    const warehouse = stoppedWarehouse();
    const calls: string[] = [];
    const checks = await runDoctorChecks(deps(calls));
    expect(warehouse.starts()).toBe(0);
    expect(calls).toEqual([]);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['host reachable', true],
      ['authentication', true],
      ['SQL warehouse', false],
    ]);
    expect(checks[2]?.detail).toBe(
      'SQL warehouse ec58ee3772e8d305 is STOPPED; lakewarden did not start it (read-only): starting it costs about $13.20/hour (24 DBU/hour for Medium × 1 cluster(s) at $0.55/DBU list price, plus cloud VMs), until it auto-stops after 120 min idle; the SQL checks need it running',
    );
    expect(checks[2]?.fix).toContain('lakewarden doctor --start-warehouse');
  });

  it('prices a serverless warehouse with databricks.sqlUsdPerDbu and its minimum clusters', async () => {
    stoppedWarehouse({
      enable_serverless_compute: true,
      cluster_size: 'Small',
      min_num_clusters: 2,
      auto_stop_mins: 0,
    });
    const checks = await runDoctorChecks(deps([], { usdPerDbu: 0.7 }));
    expect(checks[2]?.detail).toContain(
      'starting it costs about $16.80/hour (24 DBU/hour for Small × 2 cluster(s) at $0.7/DBU databricks.sqlUsdPerDbu), and it never auto-stops',
    );
  });

  it('refuses --start-warehouse while the kill switch is on', async () => {
    const warehouse = stoppedWarehouse();
    const checks = await runDoctorChecks(deps([], { startWarehouse: true, killSwitch: true }));
    expect(warehouse.starts()).toBe(0);
    expect(checks[2]).toMatchObject({ name: 'SQL warehouse', ok: false });
    expect(checks[2]?.detail).toContain('the kill switch is on, so --start-warehouse is refused');
    expect(checks[2]?.fix).toContain('Turn the kill switch off');
  });

  it('starts the warehouse with --start-warehouse when the kill switch is off, then runs the SQL checks', async () => {
    const warehouse = stoppedWarehouse();
    const calls: string[] = [];
    const progress: string[] = [];
    const checks = await runDoctorChecks(deps(calls, { startWarehouse: true, onProgress: (m) => progress.push(m) }));
    expect(warehouse.starts()).toBe(1);
    expect(progress[0]).toMatch(
      /^starting SQL warehouse ec58ee3772e8d305 \(was STOPPED\): starting it costs about \$13\.20\/hour/,
    );
    expect(checks[2]).toMatchObject({ name: 'SQL warehouse', ok: true });
    expect(calls).toContain('explain:usage-by-resource-day');
  });

  it('reports an unreachable host', async () => {
    server.use(http.get(`${HOST}/oidc/.well-known/oauth-authorization-server`, () => HttpResponse.error()));
    const checks = await runDoctorChecks(deps([]));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'host reachable', ok: false });
    expect(checks[0]?.fix).toContain('DATABRICKS_HOST');
  });
});
