import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectAccountSnapshot } from '../../../src/databricks/collect/collect-account-snapshot.ts';
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
  it('starts a stopped warehouse, collects the region and scans to the planted findings', async () => {
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
      credentials: { token: 'dapi-test' },
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

  it('exits 2 naming the missing setting', async () => {
    vi.stubEnv('DATABRICKS_HOST', HOST);
    vi.stubEnv('DATABRICKS_TOKEN', 'dapi-test');
    vi.stubEnv('DATABRICKS_WAREHOUSE_ID', '');
    const { writeFileSync } = await import('node:fs');
    const config = join(dir, 'lakewarden.yaml');
    writeFileSync(config, 'databricks:\n  windowDays: 14\n');
    const err: string[] = [];
    const code = await runCli(['--config', config, 'snapshot', 'collect', '--out', join(dir, 's.json')], {
      out: () => {},
      err: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/databricks\.workspaceId is not set/);
    writeFileSync(config, 'databricks:\n  workspaceId: "1"\n');
    err.length = 0;
    expect(
      await runCli(['--config', config, 'snapshot', 'collect', '--out', join(dir, 's.json')], {
        out: () => {},
        err: (t) => err.push(t),
      }),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/DATABRICKS_WAREHOUSE_ID is not set/);
  });
});
