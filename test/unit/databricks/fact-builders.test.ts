import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterEventFacts } from '../../../src/databricks/facts/cluster-event-facts.ts';
import { createClusterUtilisationFacts } from '../../../src/databricks/facts/cluster-utilisation-facts.ts';
import { createJobRunFacts, quantile } from '../../../src/databricks/facts/job-run-facts.ts';
import { ALL_PURPOSE_SKU, JOBS_SKU, listPrice, pricesFromRows } from '../../../src/databricks/facts/price-facts.ts';
import { createRunCostFacts } from '../../../src/databricks/facts/run-cost-facts.ts';
import { runtimeSupportFacts } from '../../../src/databricks/facts/runtime-support-facts.ts';
import { createUsageFacts } from '../../../src/databricks/facts/usage-facts.ts';
import { toEpochMs, toNumberOrNull } from '../../../src/databricks/facts/values.ts';
import { createWarehouseActivityFacts } from '../../../src/databricks/facts/warehouse-activity-facts.ts';
import { createWarehouseQueryFacts } from '../../../src/databricks/facts/warehouse-query-facts.ts';
import { ClusterEventPage } from '../../../src/databricks/rest/schemas.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/databricks/${name}`, import.meta.url), 'utf8'));

const WS = '1234567890123456';
const t = (iso: string) => new Date(iso);

describe('values', () => {
  it('reads DECIMAL strings, BIGINT bigints, NULL and Date/ISO timestamps as the driver returns them', () => {
    expect(toNumberOrNull('24.000000000000000000')).toBe(24);
    expect(toNumberOrNull(-5n)).toBe(-5);
    expect(toNumberOrNull(null)).toBeNull();
    expect(() => toNumberOrNull('abc')).toThrow(TypeError);
    expect(toEpochMs(t('2026-09-20T10:00:00Z'))).toBe(Date.parse('2026-09-20T10:00:00Z'));
    expect(toEpochMs('2026-09-20T10:00:00.000+00:00')).toBe(Date.parse('2026-09-20T10:00:00Z'));
  });
});

describe('usage facts', () => {
  it('nets ORIGINAL, RETRACTION and RESTATEMENT rows per resource and day (billing fixture rows)', () => {
    const usage = createUsageFacts();
    const priceOf: Record<string, string> = {
      PREMIUM_SQL_PRO_COMPUTE_US_WEST_OREGON: '0.5',
      'PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)': '0.55',
      PREMIUM_JOBS_COMPUTE: '0.15',
    };
    for (const row of fixture('billing-usage-rows.json') as Record<string, unknown>[]) {
      const meta = row.usage_metadata as Record<string, string | null>;
      usage.add({
        workspace_id: row.workspace_id,
        warehouse_id: meta.warehouse_id,
        cluster_id: meta.cluster_id,
        job_id: meta.job_id,
        usage_date: row.usage_date,
        dbus: row.usage_quantity,
        list_cost_usd: String(Number(row.usage_quantity) * Number(priceOf[String(row.sku_name)] ?? 0)),
      });
    }
    // 24 + 24 − 24 (retraction) + 12 (restatement) = 36 DBU.
    expect(usage.get('warehouse', WS, 'ec58ee3772e8d305')?.dbus).toBe(36);
    expect(usage.get('warehouse', WS, 'ec58ee3772e8d305')?.costUsd).toBeCloseTo(18);
    expect(usage.get('warehouse', WS, 'ec58ee3772e8d305')?.dailyCostUsd.get('2026-09-20')).toBeCloseTo(18);
    expect(usage.get('cluster', WS, '0123-456789-abcdefgh')?.dbus).toBe(7.5);
    // A job-compute row counts for the job, not for its ephemeral job cluster (memory bounded by resources).
    expect(usage.get('job', WS, '101')?.dbus).toBe(5.25);
    expect(usage.get('cluster', WS, '0920-020001-jobclust')).toBeUndefined();
    expect(usage.size()).toBe(3);
  });
});

describe('price facts', () => {
  it('keeps current DBU prices and picks per-family list prices', () => {
    const rows = (fixture('list-prices-rows.json') as Record<string, unknown>[])
      .filter((r) => r.price_end_time === null)
      .map((r) => ({
        account_id: r.account_id,
        sku_name: r.sku_name,
        cloud: r.cloud,
        usage_unit: r.usage_unit,
        usd_per_unit: (r.pricing as { effective_list: { default: string } }).effective_list.default,
      }));
    const prices = pricesFromRows(rows);
    expect(prices).toHaveLength(3);
    expect(listPrice(prices, 'AWS', JOBS_SKU)).toBe(0.15);
    expect(listPrice(prices, 'AWS', ALL_PURPOSE_SKU)).toBe(0.55);
    expect(listPrice(prices, 'AZURE', JOBS_SKU)).toBe(0);
  });
});

describe('warehouse activity facts', () => {
  const window = { startMs: Date.parse('2026-09-01T00:00:00Z'), endMs: Date.parse('2026-09-03T00:00:00Z') };
  const event = (type: string, count: number | bigint, at: string) => ({
    workspace_id: WS,
    warehouse_id: 'wh1',
    event_type: type,
    cluster_count: count,
    event_time: t(at),
  });

  it('derives running, cluster, idle, idle-tail and extra-cluster hours from events and query hours', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addQueryHour({
      workspace_id: WS,
      warehouse_id: 'wh1',
      hour_start: t('2026-09-01T08:00:00Z'),
      query_count: 5n,
      last_end_time: t('2026-09-01T08:30:00Z'),
      queued_count: 1n,
    });
    facts.addEvent(event('STARTING', 1, '2026-09-01T08:00:00Z'));
    facts.addEvent(event('SCALED_UP', 2, '2026-09-01T08:00:00Z'));
    facts.addEvent(event('SCALED_DOWN', 1, '2026-09-01T09:00:00Z'));
    facts.addEvent(event('STOPPING', 0, '2026-09-01T11:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(3);
    expect(activity?.clusterHours).toBe(4); // 2 clusters × 1 h + 1 × 2 h
    expect(activity?.idleHours).toBe(2); // 09:00–11:00 without statements
    expect(activity?.idleTailHours).toBe(2.5); // last end 08:30 → stop 11:00
    expect(activity?.extraClusterIdleHours).toBe(0); // the 2-cluster hour had queued statements
  });

  it('treats a warehouse whose first event is a stop as running since the window start, and closes open intervals at the end', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addEvent(event('STOPPED', 0, '2026-09-01T02:00:00Z'));
    facts.addEvent({ ...event('RUNNING', 2, '2026-09-02T22:00:00Z'), warehouse_id: 'wh1' });
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(4); // 00:00–02:00 and 22:00–24:00
    expect(activity?.clusterHours).toBe(6); // 1 × 2 + 2 × 2
    expect(activity?.extraClusterIdleHours).toBe(2);
    expect(activity?.idleTailHours).toBe(4); // 00:00–02:00 before the stop, 22:00–24:00 still running at the end
    expect(activity?.idleTailCount).toBe(2);
  });

  it('counts the idle tail of a warehouse that never stops, from its last statement to the window end', () => {
    const facts = createWarehouseActivityFacts(window);
    for (const hour of ['2026-09-01T09:00:00Z', '2026-09-02T10:00:00Z']) {
      facts.addQueryHour({
        workspace_id: WS,
        warehouse_id: 'wh1',
        hour_start: t(hour),
        query_count: 3n,
        last_end_time: t(hour.replace(':00:00Z', ':15:00Z')),
        queued_count: 0n,
      });
    }
    facts.addEvent(event('RUNNING', 1, '2026-09-01T08:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(40); // 08:00 on day 1 → window end
    expect(activity?.idleHours).toBe(38);
    expect(activity?.idleTailHours).toBe(13.75); // last end 10:15 on day 2 → window end 24:00
  });

  it('takes the state at the window start from the last event before it: a warehouse running all window long', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addQueryHour({
      workspace_id: WS,
      warehouse_id: 'wh1',
      hour_start: t('2026-09-01T09:00:00Z'),
      query_count: 2n,
      last_end_time: t('2026-09-01T09:30:00Z'),
      queued_count: 0n,
    });
    facts.addEvent(event('RUNNING', 1, '2026-07-15T08:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(48);
    expect(activity?.idleHours).toBe(47);
    expect(activity?.idleTailHours).toBe(38.5); // last end 09:30 on day 1 → window end
  });

  it('a warehouse stopped before the window and started in it is not running before its start', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addEvent(event('STOPPED', 0, '2026-08-20T18:00:00Z'));
    facts.addEvent(event('STARTING', 1, '2026-09-02T20:00:00Z'));
    facts.addEvent(event('STOPPED', 0, '2026-09-02T22:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(2);
    expect(activity?.idleTailHours).toBe(2);
  });

  it('counts a still-running warehouse without statements from its start to the window end', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addEvent(event('STARTING', 1, '2026-09-02T12:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.idleTailHours).toBe(12);
    expect(activity?.idleHours).toBe(12);
  });

  it('does not count statements after a stop toward the next interval of a stopped warehouse', () => {
    const facts = createWarehouseActivityFacts(window);
    facts.addQueryHour({
      workspace_id: WS,
      warehouse_id: 'wh1',
      hour_start: t('2026-09-01T08:00:00Z'),
      query_count: 1n,
      last_end_time: t('2026-09-01T08:30:00Z'),
      queued_count: 0n,
    });
    facts.addEvent(event('RUNNING', 1, '2026-09-01T08:00:00Z'));
    facts.addEvent(event('STOPPED', 0, '2026-09-01T09:00:00Z'));
    const activity = facts.finish().get(`${WS}|wh1`);
    expect(activity?.runningHours).toBe(1);
    expect(activity?.idleTailHours).toBe(0.5); // one tail, the stopped warehouse has none at the window end
    expect(activity?.idleTailCount).toBe(1);
  });
});

describe('warehouse query facts', () => {
  it('takes window totals from the NULL-date grouping set and the daily series from dated rows', () => {
    const facts = createWarehouseQueryFacts();
    facts.add({
      workspace_id: WS,
      warehouse_id: 'wh1',
      query_date: '2026-09-01',
      query_count: 10n,
      p95_duration_ms: 999n,
    });
    facts.add({
      workspace_id: WS,
      warehouse_id: 'wh1',
      query_date: null,
      query_count: 12n,
      failed_count: 2n,
      spill_count: 3n,
      spilled_bytes: 1024n,
      queued_count: 4n,
      p95_queue_ms: 1500n,
      p95_duration_ms: 20000n,
      total_task_ms: 3600000n,
    });
    const stats = facts.get(WS, 'wh1');
    expect(stats).toMatchObject({ queryCount: 12, failedQueryCount: 2, queriesWithSpill: 3, p95DurationMs: 20000 });
    expect(stats?.dailyQueries.get('2026-09-01')).toBe(10);
  });
});

describe('job run facts', () => {
  const run = (id: string, seconds: bigint, state: string | null, end: string) => ({
    workspace_id: WS,
    job_id: '101',
    run_id: id,
    run_start: t('2026-09-01T00:00:00Z'),
    run_end: t(end),
    run_seconds: seconds,
    result_state: state,
  });

  it('counts runs, failures, streaks, percentiles and runaway cost per job', () => {
    const facts = createJobRunFacts();
    facts.add(run('1', 600n, 'SUCCEEDED', '2026-09-01T01:00:00Z'));
    facts.add(run('2', 600n, 'SUCCEEDED', '2026-09-02T01:00:00Z'));
    facts.add(run('3', 600n, 'FAILED', '2026-09-03T01:00:00Z'));
    facts.add(run('4', 3600n, 'TIMED_OUT', '2026-09-04T01:00:00Z')); // runaway: > 3 × 600
    facts.add(run('5', 100n, null, '2026-09-05T01:00:00Z')); // still running: counted, no state
    const cost: Record<string, number> = { '3': 2, '4': 12 };
    const stats = facts.finish((_ws, id) => cost[id] ?? 0).get(`${WS}|101`);
    expect(stats).toMatchObject({
      runs: 5,
      failedRuns: 2,
      consecutiveFailures: 2,
      p50DurationSec: 600,
      p95DurationSec: 3600,
      maxDurationSec: 3600,
      runawayRuns: 1,
      failedRunCostUsd: 14,
    });
    expect(stats?.runawayCostUsd).toBeCloseTo((12 * (3600 - 1800)) / 3600);
  });

  it('splits finished runs by the serverless performance mode of their billing usage', () => {
    const costs = createRunCostFacts();
    const usage = (id: string, mode: string | null, cost: string) => ({
      workspace_id: WS,
      job_id: '101',
      job_run_id: id,
      performance_target: mode,
      dbus: '1',
      list_cost_usd: cost,
    });
    for (const [id, mode, cost] of [
      ['1', 'PERFORMANCE_OPTIMIZED', '10'],
      ['2', 'PERFORMANCE_OPTIMIZED', '12'],
      ['3', 'STANDARD', '5'],
      ['4', 'STANDARD', '6'],
      ['4', null, '0.5'], // a second usage row of run 4 without a mode: cost adds, mode stays
    ] as const) {
      costs.add(usage(id, mode, cost));
    }
    expect(costs.costOf(WS, '4')).toBe(6.5);
    expect(costs.modeOf(WS, '4')).toBe('STANDARD');
    const facts = createJobRunFacts();
    facts.add(run('1', 600n, 'SUCCEEDED', '2026-09-01T01:00:00Z'));
    facts.add(run('2', 800n, 'SUCCEEDED', '2026-09-02T01:00:00Z'));
    facts.add(run('3', 900n, 'SUCCEEDED', '2026-09-03T01:00:00Z'));
    facts.add(run('4', 1000n, 'FAILED', '2026-09-04T01:00:00Z'));
    const stats = facts.finish(costs.costOf, costs.modeOf).get(`${WS}|101`);
    expect(stats?.modes).toEqual({
      PERFORMANCE_OPTIMIZED: { runs: 2, failedRuns: 0, p50DurationSec: 600, medianCostUsd: 11 },
      STANDARD: { runs: 2, failedRuns: 1, p50DurationSec: 900, medianCostUsd: 5.75 },
    });
    // a classic job (no mode on any run) has no mode stats
    expect(createJobRunFacts().finish(() => 0).size).toBe(0);
  });

  it('quantile uses nearest rank', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([], 0.95)).toBe(0);
  });
});

describe('cluster facts', () => {
  it('derives running and idle hours, CPU and memory from node hours, excluding hours with job tasks', () => {
    const facts = createClusterUtilisationFacts();
    facts.addTaskHour({ workspace_id: WS, cluster_id: 'c1', hour_start: t('2026-09-01T01:00:00Z'), task_minutes: 40 });
    // an 8-minute task does not make 00:00 busy
    facts.addTaskHour({ workspace_id: WS, cluster_id: 'c1', hour_start: t('2026-09-01T00:00:00Z'), task_minutes: 8 });
    const hour = (h: string, cpu: number, minutes: bigint, driver: bigint) => ({
      workspace_id: WS,
      cluster_id: 'c1',
      hour_start: t(`2026-09-01T${h}:00:00Z`),
      avg_cpu_pct: cpu,
      max_mem_pct: 40 + cpu,
      node_minutes: minutes,
      driver_minutes: driver,
    });
    facts.addNodeHour(hour('00', 2, 60n, 60n));
    facts.addNodeHour(hour('01', 3, 60n, 60n));
    facts.addNodeHour(hour('02', 50, 120n, 60n));
    expect(facts.get(WS, 'c1')).toEqual({
      runningHours: 3,
      idleHours: 1,
      idleStretches: 1,
      avgCpuPct: (2 * 60 + 3 * 60 + 50 * 120) / 240,
      maxMemPct: 90,
    });
  });

  it('counts runs of consecutive idle hours as idle stretches, whatever the row order', () => {
    const facts = createClusterUtilisationFacts();
    const hour = (h: string, cpu: number) => ({
      workspace_id: WS,
      cluster_id: 'c2',
      hour_start: t(`2026-09-01T${h}:00:00Z`),
      avg_cpu_pct: cpu,
      max_mem_pct: 50,
      node_minutes: 60n,
      driver_minutes: 60n,
    });
    // idle 00-02 (one stretch), busy 03, idle 04 and 06 (two more), busy 05
    for (const [h, cpu] of [
      ['04', 1],
      ['00', 1],
      ['02', 1],
      ['01', 1],
      ['03', 60],
      ['06', 1],
      ['05', 60],
    ] as const) {
      facts.addNodeHour(hour(h, cpu));
    }
    expect(facts.get(WS, 'c2')).toMatchObject({ runningHours: 7, idleHours: 5, idleStretches: 3 });
  });

  it('counts OOM terminations and driver/node events from the REST events fixture', () => {
    const page = ClusterEventPage.parse(fixture('clusters-events-page.json'));
    expect(clusterEventFacts(page.events)).toEqual({
      oomTerminations: 1,
      driverNotRespondingEvents: 1,
      nodesLostEvents: 0,
    });
  });

  it('maps spark_version to the configured end-of-support date', () => {
    expect(runtimeSupportFacts('13.3.x-scala2.12', { '13.3': '2026-08-22' }, '2026-09-30')).toEqual({
      runtimeEndOfSupport: '2026-08-22',
      runtimeDaysToEndOfSupport: -39,
    });
    expect(runtimeSupportFacts('custom', {}, '2026-09-30').runtimeEndOfSupport).toBeNull();
  });
});
