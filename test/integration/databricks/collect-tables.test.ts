import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectSnapshot } from '../../../src/databricks/collect/collect-snapshot.ts';
import type { SqlRow, SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, patReader, plantedRows, restHandlers, WORKSPACE, WS } from './fake-databricks.ts';

const SMALL = '8f14e45f-ceea-467f-a0e6-3c2d1b0a9f81';
const HEALTHY = '1679091c-5a88-4faf-8fb9-0a3e4c2b7d16';
const MB = 1_048_576;

/** Driver-shaped predictive-optimization rows: one row per table, operation type, status and day. */
function poRows(): SqlRow[] {
  const row = (table: string, name: string, day: string, type: string, status: string, extra: SqlRow = {}) => ({
    workspace_id: WS,
    table_id: table,
    catalog_name: 'prod_sales',
    schema_name: 'silver',
    table_name: name,
    operation_type: type,
    operation_status: status,
    operation_date: new Date(`${day}T00:00:00Z`),
    operations: 1n,
    last_end_time: new Date(`${day}T03:10:00Z`),
    compacted_files: null,
    compacted_bytes: null,
    output_files: null,
    estimated_dbus: '0.750000000000000000',
    ...extra,
  });
  const compaction = (files: number, fileMb: number) => ({
    compacted_files: BigInt(files),
    compacted_bytes: BigInt(files * fileMb * MB),
    output_files: BigInt(Math.ceil((files * fileMb) / 512)),
  });
  return [
    // Small files, last compaction on 2026-08-20, then nothing: PO no longer runs on it.
    row(SMALL, 'orders_events', '2026-08-05', 'COMPACTION', 'SUCCESSFUL', compaction(3000, 4)),
    row(SMALL, 'orders_events', '2026-08-20', 'COMPACTION', 'SUCCESSFUL', compaction(2500, 3)),
    row(SMALL, 'orders_events', '2026-08-21', 'VACUUM', 'SUCCESSFUL'),
    row(SMALL, 'orders_events', '2026-08-22', 'COMPACTION', 'FAILED: INTERNAL_ERROR'),
    // Healthy: compacted every few days up to the end of the window.
    row(HEALTHY, 'orders_clean', '2026-09-10', 'COMPACTION', 'SUCCESSFUL', compaction(2000, 5)),
    row(HEALTHY, 'orders_clean', '2026-09-28', 'COMPACTION', 'SUCCESSFUL', compaction(1800, 5)),
    row(HEALTHY, 'orders_clean', '2026-09-29', 'ANALYZE', 'SUCCESSFUL'),
  ];
}

async function collect(sql: SqlRunner, progress: string[] = []) {
  server.use(...restHandlers({ eventPages: 0, jobGetPages: 0 }));
  return collectSnapshot({
    sql,
    rest: patReader().reader,
    workspaces: [WORKSPACE],
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
    onProgress: (m) => progress.push(m),
    now: () => new Date('2026-10-01T06:00:00Z'),
  });
}

describe('collectSnapshot: tables from predictive-optimization history', () => {
  it('builds table resources with their facts, and table-small-files finds only the table PO stopped compacting', async () => {
    const snapshot = await collect(fakeSqlRunner({ ...plantedRows(), 'predictive-optimization-tables': poRows() }));
    const small = snapshot.resources.find((r) => r.id === SMALL);
    if (small?.kind !== 'table') throw new Error('no table');
    expect(small).toMatchObject({
      name: 'prod_sales.silver.orders_events',
      tags: {},
      owners: {},
      config: { catalog_name: 'prod_sales', schema_name: 'silver', table_name: 'orders_events' },
    });
    expect(small.facts).toEqual({
      compactionRuns: 2,
      compactedFiles: 5500,
      compactedBytes: (3000 * 4 + 2500 * 3) * MB,
      compactionOutputFiles: 24 + 15,
      avgCompactedFileBytes: ((3000 * 4 + 2500 * 3) * MB) / 5500,
      daysSinceLastCompaction: 41, // 2026-08-20 03:10 → end of 2026-09-30
      poOperations: 4,
      poFailedOperations: 1,
      poOperationsRecent: 0,
      poFailedOperationsRecent: 0,
      poEstimatedDbus: 3,
    });
    const healthy = snapshot.resources.find((r) => r.id === HEALTHY);
    expect(healthy?.kind === 'table' && healthy.facts).toMatchObject({
      daysSinceLastCompaction: 2,
      poOperationsRecent: 2,
    });

    const rules = await loadRules(new URL('../../../rules/', import.meta.url).pathname, RulesSection.parse({}));
    const { findings, errors } = evaluateSnapshot(snapshot, rules);
    expect(errors).toEqual([]);
    const tableFindings = findings.filter((f) => f.resource.kind === 'table');
    expect(tableFindings.map((f) => [f.ruleId, f.resource.id])).toEqual([['table-small-files', SMALL]]);
    expect(tableFindings[0]?.plan.changes[0]?.after).toContain(
      'ALTER CATALOG prod_sales ENABLE PREDICTIVE OPTIMIZATION',
    );
    expect(tableFindings[0]?.plan.changes[0]?.after).toContain(
      'ALTER SCHEMA prod_sales.silver ENABLE PREDICTIVE OPTIMIZATION',
    );
  });

  it('collects without tables, and says so, when predictive-optimization history is not readable', async () => {
    const base = fakeSqlRunner(plantedRows());
    const sql: SqlRunner = {
      run: (name, params, onRow) =>
        name === 'predictive-optimization-tables'
          ? Promise.reject(
              new Error('[TABLE_OR_VIEW_NOT_FOUND] system.storage.predictive_optimization_operations_history'),
            )
          : base.run(name, params, onRow),
    };
    const progress: string[] = [];
    const snapshot = await collect(sql, progress);
    expect(snapshot.resources.some((r) => r.kind === 'table')).toBe(false);
    expect(snapshot.resources.length).toBeGreaterThan(0);
    expect(progress.some((m) => /predictive-optimization-tables: skipped.*TABLE_OR_VIEW_NOT_FOUND/.test(m))).toBe(true);
  });
});
