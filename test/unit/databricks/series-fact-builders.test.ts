import { describe, expect, it } from 'vitest';
import { createJobRunSeriesFacts } from '../../../src/databricks/facts/job-run-series-facts.ts';
import { createUsageFacts } from '../../../src/databricks/facts/usage-facts.ts';
import { createWarehouseQuerySeriesFacts } from '../../../src/databricks/facts/warehouse-query-series-facts.ts';
import { MAX_RUN_POINTS } from '../../../src/stats/compact-runs.ts';

const WS = '1234567890123456';

describe('createUsageFacts with a window', () => {
  it('totals only the window days; the daily maps keep the baseline days, nets retractions', () => {
    const usage = createUsageFacts({ start: '2026-09-01', end: '2026-09-30' });
    const row = (day: string, dbus: string, cost: string) => ({
      workspace_id: WS,
      warehouse_id: 'w1',
      cluster_id: null,
      job_id: null,
      usage_date: day,
      dbus,
      list_cost_usd: cost,
    });
    usage.add(row('2026-08-15', '10.0', '5.0'));
    usage.add(row('2026-09-02', '4.0', '2.0'));
    usage.add(row('2026-09-02', '-1.0', '-0.5'));
    usage.add(row('2026-09-30', '2.0', '1.0'));
    usage.add(row('2026-10-01', '100.0', '50.0'));
    const w = usage.get('warehouse', WS, 'w1');
    expect(w?.dbus).toBe(5);
    expect(w?.costUsd).toBe(2.5);
    expect(w?.dailyCostUsd.get('2026-08-15')).toBe(5);
    expect(w?.dailyDbus.get('2026-09-02')).toBe(3);
  });
});

describe('createWarehouseQuerySeriesFacts', () => {
  it('keeps counts per day, sums repeated days, NULL spill as 0, skips rows without a date', () => {
    const facts = createWarehouseQuerySeriesFacts();
    const row = { workspace_id: WS, warehouse_id: 'w1', query_count: 10n, failed_count: 2n, spilled_bytes: null };
    facts.add({ ...row, query_date: new Date('2026-09-01T00:00:00Z') });
    facts.add({ ...row, query_date: '2026-09-01', spilled_bytes: 5n });
    facts.add({ ...row, query_date: null });
    expect([...(facts.get(WS, 'w1') ?? [])]).toEqual([['2026-09-01', { queries: 20, failed: 4, spilledBytes: 5 }]]);
    expect(facts.get(WS, 'other')).toBeUndefined();
  });
});

describe('createJobRunSeriesFacts', () => {
  const startMs = Date.parse('2026-08-02T00:00:00Z');
  const run = (day: number, seconds: number, state: string | null, version = 1, hour = 2) => ({
    workspace_id: WS,
    job_id: '7',
    run_id: `${day}-${hour}-${seconds}`,
    run_start: new Date(startMs + day * 86_400_000 + hour * 3_600_000),
    run_seconds: BigInt(seconds),
    result_state: state,
    config_version: BigInt(version),
  });

  it('keeps successful runs in start order with day index and version; drops others and runs outside the period', () => {
    const facts = createJobRunSeriesFacts();
    facts.add(run(5, 300, 'SUCCEEDED', 2));
    facts.add(run(1, 100, 'SUCCESS', 1));
    facts.add(run(3, 10, 'FAILED'));
    facts.add(run(4, 10, 'CANCELLED'));
    facts.add(run(6, 10, null));
    facts.add(run(60, 999, 'SUCCEEDED'));
    facts.add(run(-1, 999, 'SUCCEEDED'));
    expect(facts.seriesOf(WS, '7', '2026-08-02', 60)).toEqual({
      runDurationSec: [100, 300],
      runDay: [1, 5],
      runConfigVersion: [1, 2],
    });
    expect(facts.seriesOf(WS, '8', '2026-08-02', 60)).toBeUndefined();
  });

  it('compacts hourly jobs to one point per day (median of the day under its last version)', () => {
    const facts = createJobRunSeriesFacts();
    for (let day = 0; day < 10; day++)
      for (let hour = 0; hour < 24; hour++) facts.add(run(day, 100 + hour, 'SUCCEEDED', 1, hour));
    const series = facts.seriesOf(WS, '7', '2026-08-02', 60);
    expect(10 * 24).toBeGreaterThan(MAX_RUN_POINTS);
    expect(series?.runDay).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(series?.runDurationSec[0]).toBe(111.5);
  });
});
