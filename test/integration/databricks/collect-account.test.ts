import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectAccountSnapshot } from '../../../src/databricks/collect/collect-account-snapshot.ts';
import { DatabricksPermissionError } from '../../../src/databricks/errors.ts';
import { PROBE_TABLES } from '../../../src/databricks/sql/statements.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, fixture, HOST, plantedRows, restHandlers, WORKSPACE } from './fake-databricks.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-collect-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('collectAccountSnapshot', () => {
  it('with databricks.startWarehouse, starts a stopped warehouse, collects the region and scans to the planted findings', async () => {
    let state = 'STOPPED';
    let starts = 0;
    server.use(
      ...restHandlers({ eventPages: 0, jobGetPages: 0 }),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
        HttpResponse.json({ ...fixture('warehouse-get.json'), state }),
      ),
      http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => {
        starts++;
        state = 'RUNNING';
        return HttpResponse.json({});
      }),
    );
    const closed: string[] = [];
    const progress: string[] = [];
    const snapshot = await collectAccountSnapshot({
      credentialsFor: (host) => ({ host, token: 'dapi-test' }),
      startWarehouse: true,
      notStartedHint: '',
      regions: [{ region: 'us-west-2', host: HOST, warehouseId: 'ec58ee3772e8d305', workspaces: [WORKSPACE] }],
      version: '0.1.0',
      window: { days: 30, end: '2026-09-30' },
      runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
      warehouseStartDeadlineMs: 60_000,
      onProgress: (m) => progress.push(m),
      sleep: async () => {},
      openSql: async (credentials, warehouseId) => {
        expect(credentials).toMatchObject({ host: HOST, token: 'dapi-test' });
        expect(warehouseId).toBe('ec58ee3772e8d305');
        return { sql: fakeSqlRunner(plantedRows()), close: async () => void closed.push(warehouseId) };
      },
    });
    expect(starts).toBe(1);
    expect(closed).toEqual(['ec58ee3772e8d305']);
    expect(progress[0]).toBe(`region us-west-2: warehouse ec58ee3772e8d305 on ${HOST}`);
    // The fake account's costs are a few dollars: no savings floor.
    const rules = await loadRules('rules', RulesSection.parse({ minMonthlySavingsUsd: 0 }));
    const ruleIds = new Set(evaluateSnapshot(snapshot, rules).findings.map((f) => f.ruleId));
    expect([...ruleIds]).toEqual(
      expect.arrayContaining([
        'warehouse-auto-stop-too-long',
        'cluster-no-auto-termination',
        'job-on-all-purpose-compute',
      ]),
    );
  });
});

describe('collectAccountSnapshot, read-only and degraded', () => {
  function stoppedWarehouse() {
    let starts = 0;
    server.use(
      ...restHandlers({ eventPages: 0, jobGetPages: 0 }),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
        HttpResponse.json({ ...fixture('warehouse-get.json'), state: 'STOPPED' }),
      ),
      http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => {
        starts++;
        return HttpResponse.json({});
      }),
    );
    return { starts: () => starts };
  }
  const base = {
    credentialsFor: (host: string) => ({ host, token: 'dapi-test' }),
    startWarehouse: false,
    notStartedHint: 'set databricks.startWarehouse: true to let collection start it',
    regions: [{ region: 'us-west-2', host: HOST, warehouseId: 'ec58ee3772e8d305', workspaces: [WORKSPACE] }],
    version: '0.1.0',
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
    warehouseStartDeadlineMs: 60_000,
    sleep: async () => {},
  };

  it('never starts a stopped warehouse and collects the REST inventory, listing every system table as missing', async () => {
    const warehouse = stoppedWarehouse();
    const progress: string[] = [];
    let opened = 0;
    const snapshot = await collectAccountSnapshot({
      ...base,
      onProgress: (m) => progress.push(m),
      openSql: async () => {
        opened++;
        return { sql: fakeSqlRunner(plantedRows()), close: async () => {} };
      },
    });
    expect(warehouse.starts()).toBe(0);
    expect(opened).toBe(0);
    expect(snapshot.missing?.map((m) => m.table)).toEqual([
      'system.billing.list_prices',
      'system.billing.usage',
      'system.compute.clusters',
      'system.compute.node_timeline',
      'system.compute.warehouse_events',
      'system.compute.warehouses',
      'system.lakeflow.job_run_timeline',
      'system.lakeflow.job_task_run_timeline',
      'system.lakeflow.jobs',
      'system.lakeflow.pipeline_update_timeline',
      'system.query.history',
      'system.storage.predictive_optimization_operations_history',
    ]);
    expect(snapshot.missing?.[0]?.reason).toMatch(
      /^SQL warehouse ec58ee3772e8d305 is STOPPED; lakewarden did not start it \(read-only\): starting it costs about \$13\.20\/hour/,
    );
    const kinds = new Set(snapshot.resources.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['cluster', 'job', 'pipeline', 'warehouse', 'workspace']);
    expect(progress).toContain(
      `region us-west-2: ${snapshot.missing?.[0]?.reason}; collecting the REST inventory only`,
    );
  });

  it('--require-full fails on the stopped warehouse instead, without starting it', async () => {
    const warehouse = stoppedWarehouse();
    await expect(collectAccountSnapshot({ ...base, requireFull: true, onProgress: () => {} })).rejects.toThrow(
      /is STOPPED; lakewarden did not start it/,
    );
    expect(warehouse.starts()).toBe(0);
  });

  it('a system schema that is not granted degrades only its tables; other failures still fail', async () => {
    server.use(
      ...restHandlers({ eventPages: 0, jobGetPages: 0 }),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () => HttpResponse.json(fixture('warehouse-get.json'))),
    );
    const rows = plantedRows();
    const denied = (name: string) => ({
      run: async (statement: string, params: Record<string, string>, onRow: (row: Record<string, unknown>) => void) => {
        if (statement === name) {
          throw new DatabricksPermissionError(
            'databricks',
            'collector query failed: PERMISSION_DENIED: User does not have USE SCHEMA on Schema system.query',
          );
        }
        return fakeSqlRunner(rows).run(statement, params, onRow);
      },
    });
    const snapshot = await collectAccountSnapshot({
      ...base,
      onProgress: () => {},
      openSql: async () => ({ sql: denied('warehouse-query-stats'), close: async () => {} }),
    });
    expect(snapshot.missing?.map((m) => m.table)).toEqual(['system.query.history']);
    await expect(
      collectAccountSnapshot({
        ...base,
        requireFull: true,
        onProgress: () => {},
        openSql: async () => ({ sql: denied('warehouse-query-stats'), close: async () => {} }),
      }),
    ).rejects.toThrow(/collector warehouse-query-stats failed: collector query failed: PERMISSION_DENIED/);
  });
});

describe('lakewarden snapshot collect', () => {
  it('exits 1 with a one-line error and writes no file when Databricks rejects the token', async () => {
    server.use(
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
        HttpResponse.json({ error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }, { status: 401 }),
      ),
    );
    vi.stubEnv('DATABRICKS_HOST', HOST);
    vi.stubEnv('DATABRICKS_TOKEN', 'dapi0123456789abcdef0123456789abcdef');
    vi.stubEnv('DATABRICKS_WAREHOUSE_ID', 'ec58ee3772e8d305');
    const config = join(dir, 'lakewarden.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, 'databricks:\n  workspaceId: "1234567890123456"\n  region: us-west-2\n');
    const out: string[] = [];
    const err: string[] = [];
    const file = join(dir, 'snap.json');
    const code = await runCli(['--config', config, 'snapshot', 'collect', '--out', file], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    expect(code).toBe(1);
    const message = err.filter((l) => l.startsWith('error')).join('\n');
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/DATABRICKS_TOKEN|credentials|401/);
    expect(message).not.toContain('dapi0123456789abcdef0123456789abcdef');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('with a stopped warehouse writes a degraded snapshot (exit 0, one "degraded" line); --require-full exits 1', async () => {
    let starts = 0;
    server.use(
      ...restHandlers({ eventPages: 0, jobGetPages: 0 }),
      http.get(`${HOST}/api/2.0/sql/warehouses/:id`, () =>
        HttpResponse.json({ ...fixture('warehouse-get.json'), state: 'STOPPED' }),
      ),
      http.post(`${HOST}/api/2.0/sql/warehouses/:id/start`, () => {
        starts++;
        return HttpResponse.json({});
      }),
      http.get(`${HOST}/api/2.0/preview/scim/v2/Me`, () =>
        HttpResponse.json({}, { headers: { 'X-Databricks-Org-Id': '1234567890123456' } }),
      ),
    );
    vi.stubEnv('DATABRICKS_HOST', HOST);
    vi.stubEnv('DATABRICKS_TOKEN', 'dapi0123456789abcdef0123456789abcdef');
    vi.stubEnv('DATABRICKS_WAREHOUSE_ID', 'ec58ee3772e8d305');
    const { writeFileSync, readFileSync } = await import('node:fs');
    const config = join(dir, 'lakewarden.yaml');
    writeFileSync(config, 'databricks:\n  region: us-west-2\n');
    const file = join(dir, 'snap.json');
    const out: string[] = [];
    const code = await runCli(['--config', config, 'snapshot', 'collect', '--out', file], {
      out: (t) => out.push(t),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(starts).toBe(0);
    expect(out.filter((l) => l.startsWith('degraded: '))).toHaveLength(1);
    expect(out.join('\n')).toMatch(
      /^degraded: missing system\.billing\.list_prices, system\.billing\.usage, .*is STOPPED; lakewarden did not start it/m,
    );
    const snapshot = JSON.parse(readFileSync(file, 'utf8'));
    expect(snapshot.workspaces[0].id).toBe('1234567890123456');
    expect(snapshot.missing).toHaveLength(PROBE_TABLES.length);

    const strict = join(dir, 'strict.json');
    const err: string[] = [];
    expect(
      await runCli(['--config', config, 'snapshot', 'collect', '--out', strict, '--require-full'], {
        out: () => {},
        err: (t) => err.push(t),
      }),
    ).toBe(1);
    expect(err.filter((l) => l.startsWith('error')).join('\n')).toMatch(/is STOPPED; lakewarden did not start it/);
    expect(existsSync(strict)).toBe(false);
    expect(starts).toBe(0);
  });

  it('exits 2 naming the missing setting', async () => {
    vi.stubEnv('DATABRICKS_HOST', HOST);
    vi.stubEnv('DATABRICKS_TOKEN', 'dapi-test');
    vi.stubEnv('DATABRICKS_WAREHOUSE_ID', '');
    const { writeFileSync } = await import('node:fs');
    const config = join(dir, 'lakewarden.yaml');
    writeFileSync(config, 'databricks:\n  workspaceId: "1"\n');
    const err: string[] = [];
    expect(
      await runCli(['--config', config, 'snapshot', 'collect', '--out', join(dir, 's.json')], {
        out: () => {},
        err: (t) => err.push(t),
      }),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/DATABRICKS_WAREHOUSE_ID is not set/);
  });
});
