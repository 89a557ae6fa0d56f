import { describe, expect, it } from 'vitest';
import { createSqlBillingSource } from '../../../src/databricks/sql/sql-billing-source.ts';
import type { SqlParams, SqlRow, SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { STATEMENTS } from '../../../src/databricks/sql/statements.ts';

/** A runner that answers registered statements from canned rows and records each call. */
function cannedRunner(rows: Record<string, SqlRow[]>) {
  const calls: Array<{ name: string; params: SqlParams }> = [];
  const runner: SqlRunner = {
    async run(name, params, onRow) {
      if (!STATEMENTS.has(name)) throw new Error(`unregistered statement ${name}`);
      calls.push({ name, params });
      const list = rows[name] ?? [];
      for (const row of list) await onRow(row);
      return list.length;
    },
  };
  return { runner, calls };
}

const usage = (over: Partial<Record<string, unknown>>): SqlRow => ({
  workspace_id: '1234',
  warehouse_id: null,
  cluster_id: null,
  job_id: null,
  usage_date: '2026-09-01',
  dbus: '10.000000000000000000',
  list_cost_usd: '7.000000000000000000',
  job_runs: 0n,
  ...over,
});

describe('createSqlBillingSource', () => {
  it('keeps one warehouse, sums per day, and takes query counts from warehouse-query-stats', async () => {
    const { runner, calls } = cannedRunner({
      'resource-cost-by-day': [
        usage({ warehouse_id: 'wh1', usage_date: new Date('2026-09-01T00:00:00Z') }),
        usage({ warehouse_id: 'wh1', usage_date: '2026-09-02', list_cost_usd: '3.5' }),
        usage({ warehouse_id: 'wh2', usage_date: '2026-09-01', list_cost_usd: '999' }),
        usage({ workspace_id: '9999', warehouse_id: 'wh1', list_cost_usd: '999' }),
      ],
      'warehouse-query-stats': [
        { workspace_id: '1234', warehouse_id: 'wh1', query_date: '2026-09-01', query_count: 40n },
        { workspace_id: '1234', warehouse_id: 'wh1', query_date: null, query_count: 999n },
        { workspace_id: '1234', warehouse_id: 'wh2', query_date: '2026-09-02', query_count: 999n },
      ],
    });
    const source = createSqlBillingSource(runner);
    const rows = await source.costByDay(
      { workspaceId: '1234', kind: 'warehouse', id: 'wh1' },
      '2026-09-01',
      '2026-09-14',
    );
    expect(rows).toEqual([
      { day: '2026-09-01', usd: 7, dbus: 10, activity: 40 },
      { day: '2026-09-02', usd: 3.5, dbus: 10, activity: 0 },
    ]);
    expect(calls).toEqual([
      { name: 'resource-cost-by-day', params: { start: '2026-09-01', end: '2026-09-14' } },
      { name: 'warehouse-query-stats', params: { start: '2026-09-01', end: '2026-09-14' } },
    ]);
  });

  it('attributes job-compute rows to the job (runs as activity), not to the cluster', async () => {
    const { runner } = cannedRunner({
      'resource-cost-by-day': [
        usage({ job_id: 'j1', cluster_id: 'job-cluster-1', job_runs: 3n }),
        usage({ cluster_id: 'c1', list_cost_usd: '2' }),
      ],
    });
    const source = createSqlBillingSource(runner);
    expect(await source.costByDay({ workspaceId: '1234', kind: 'job', id: 'j1' }, '2026-09-01', '2026-09-01')).toEqual([
      { day: '2026-09-01', usd: 7, dbus: 10, activity: 3 },
    ]);
    expect(
      await source.costByDay({ workspaceId: '1234', kind: 'cluster', id: 'job-cluster-1' }, '2026-09-01', '2026-09-01'),
    ).toEqual([]);
    expect(
      await source.costByDay({ workspaceId: '1234', kind: 'cluster', id: 'c1' }, '2026-09-01', '2026-09-01'),
    ).toEqual([{ day: '2026-09-01', usd: 2, dbus: 10 }]);
  });

  it('the registered statement sums all record types and joins list prices (metadata boundary)', () => {
    const sql = STATEMENTS.get('resource-cost-by-day')?.sql ?? '';
    expect(sql).toContain('SUM(u.usage_quantity * p.pricing.effective_list.default)');
    expect(sql).toContain('HAVING SUM(u.usage_quantity) <> 0');
    expect(sql).not.toMatch(/record_type/i);
  });

  it('measures a pipeline by usage_metadata.dlt_pipeline_id', async () => {
    const { runner } = cannedRunner({
      'resource-cost-by-day': [
        usage({ pipeline_id: 'pl1', cluster_id: '0901-pipeline-cluster', list_cost_usd: '4' }),
        usage({ pipeline_id: 'pl1', usage_date: '2026-09-02', list_cost_usd: '2' }),
        usage({ pipeline_id: 'pl2', list_cost_usd: '999' }),
      ],
    });
    const days = await createSqlBillingSource(runner).costByDay(
      { kind: 'pipeline', workspaceId: '1234', id: 'pl1' },
      '2026-09-01',
      '2026-09-02',
    );
    expect(days.map((d) => [d.day, d.usd])).toEqual([
      ['2026-09-01', 4],
      ['2026-09-02', 2],
    ]);
  });
});
