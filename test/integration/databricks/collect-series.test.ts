import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectSnapshot } from '../../../src/databricks/collect/collect-snapshot.ts';
import type { SqlParams, SqlRow, SqlRunner } from '../../../src/databricks/sql/sql-runner.ts';
import { STATEMENTS } from '../../../src/databricks/sql/statements.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { explainFinding } from '../../../src/scan/explain-finding.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import { server } from '../../support/msw.ts';
import { patReader, plantedRows, restHandlers, WORKSPACE, WS } from './fake-databricks.ts';

const WAREHOUSE = 'ec58ee3772e8d305';
const CLUSTER = '0123-456789-abcdefgh';
const DAY_MS = 86_400_000;
/** 30 baseline days before the 30-day window 2026-09-01..30: day 0 = 2026-08-02. */
const START_MS = Date.parse('2026-08-02T00:00:00Z');
const dayOf = (i: number) => new Date(START_MS + i * DAY_MS).toISOString().slice(0, 10);
const DAYS = Array.from({ length: 60 }, (_, i) => i);
/** The last 7 days of the window (2026-09-24..30): the recent period. */
const recent = (i: number) => i >= 53;

/**
 * plantedRows() with the three series statements over baseline + window, driver-shaped (DECIMAL strings,
 * BIGINT bigint, Date timestamps, NULL spill): the warehouse's cost more than triples and its failures jump
 * in the recent days; job 101's runs double in length under its current configuration (version 4 since day 20).
 */
function rowsWithSeries(): Record<string, SqlRow[]> {
  const rows = plantedRows();
  const noise = (i: number) => 1 + ((i * 7) % 5) / 100;
  rows['usage-by-resource-day'] = DAYS.flatMap((i) => {
    const base = { workspace_id: WS, usage_date: dayOf(i) };
    return [
      {
        ...base,
        warehouse_id: WAREHOUSE,
        cluster_id: null,
        job_id: null,
        dbus: (72 * noise(i) * (recent(i) ? 3.5 : 1)).toFixed(18),
        list_cost_usd: (36 * noise(i) * (recent(i) ? 3.5 : 1)).toFixed(18),
      },
      { ...base, warehouse_id: null, cluster_id: CLUSTER, job_id: null, dbus: '48.0', list_cost_usd: '26.4' },
      // Retraction of half a day on the cluster: all record types are summed by the SQL, the builder nets too.
      { ...base, warehouse_id: null, cluster_id: CLUSTER, job_id: null, dbus: '-24.0', list_cost_usd: '-13.2' },
      {
        ...base,
        warehouse_id: null,
        cluster_id: `0920-0200${i}-jobclust`,
        job_id: '101',
        dbus: '33.3',
        list_cost_usd: '5.000000000000000000',
      },
    ];
  });
  // The whole workspace (every product): 2000 USD/day, 5000 USD/day in the recent period.
  rows['usage-by-workspace-day'] = DAYS.map((i) => ({
    workspace_id: WS,
    usage_date: new Date(START_MS + i * DAY_MS),
    dbus: (4000 * noise(i) * (recent(i) ? 2.5 : 1)).toFixed(18),
    list_cost_usd: (2000 * noise(i) * (recent(i) ? 2.5 : 1)).toFixed(18),
  }));
  rows['warehouse-query-days'] = DAYS.map((i) => ({
    workspace_id: WS,
    warehouse_id: WAREHOUSE,
    query_date: new Date(START_MS + i * DAY_MS),
    query_count: BigInt(40 + (i % 3)),
    failed_count: recent(i) ? 25n : BigInt(i % 2),
    spilled_bytes: i % 4 === 0 ? null : 1_000_000n,
  }));
  rows['job-run-durations'] = [
    ...DAYS.map((i) => ({
      workspace_id: WS,
      job_id: '101',
      run_id: String(770000 + i),
      run_start: new Date(START_MS + i * DAY_MS + 2 * 3_600_000),
      run_seconds: BigInt(Math.round((i < 20 ? 1200 : 1800) * noise(i) * (recent(i) ? 2 : 1))),
      result_state: 'SUCCEEDED',
      config_version: i < 20 ? 3n : 4n,
    })),
    // Not compared: a failed run stops early, a running one has no end yet.
    {
      workspace_id: WS,
      job_id: '101',
      run_id: '779998',
      run_start: new Date(START_MS + 40 * DAY_MS),
      run_seconds: 60n,
      result_state: 'FAILED',
      config_version: 4n,
    },
    {
      workspace_id: WS,
      job_id: '101',
      run_id: '779999',
      run_start: new Date(START_MS + 59 * DAY_MS),
      run_seconds: 30n,
      result_state: null,
      config_version: 4n,
    },
  ];
  return rows;
}

/** A fake SqlRunner that records the parameters of each statement and serves the rows by name. */
function recordingRunner(rows: Record<string, SqlRow[]>, params: Map<string, SqlParams>): SqlRunner {
  return {
    async run(name, p, onRow) {
      if (!STATEMENTS.has(name)) throw new Error(`unregistered ${name}`);
      params.set(name, p);
      const out = rows[name] ?? [];
      for (const row of out) await onRow(row);
      return out.length;
    },
  };
}

async function collect() {
  server.use(...restHandlers({ eventPages: 0, jobGetPages: 0 }));
  const params = new Map<string, SqlParams>();
  const snapshot = await collectSnapshot({
    sql: recordingRunner(rowsWithSeries(), params),
    rest: patReader().reader,
    workspaces: [WORKSPACE],
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
    onProgress: () => undefined,
    now: () => new Date('2026-10-01T06:00:00Z'),
  });
  return { snapshot, params };
}

const byId = (resources: Resource[], id: string) => resources.find((r) => r.id === id);

describe('collectSnapshot: anomaly series over baseline + window', () => {
  it('runs the series statements from the first baseline day, the others over the window only', async () => {
    const { snapshot, params } = await collect();
    for (const name of [
      'usage-by-resource-day',
      'usage-by-workspace-day',
      'warehouse-query-days',
      'job-run-durations',
      'predictive-optimization-tables',
    ]) {
      expect(params.get(name), name).toEqual({ start: '2026-08-02', end: '2026-09-30' });
    }
    for (const name of ['job-runs', 'warehouse-query-stats', 'usage-by-job-run']) {
      expect(params.get(name), name).toEqual({ start: '2026-09-01', end: '2026-09-30' });
    }
    expect(snapshot.baseline).toEqual({ start: '2026-08-02', days: 30, recentDays: 7 });
  });

  it('builds the same series and facts as the synthetic generator, window totals from the window days only', async () => {
    const { snapshot } = await collect();
    const warehouse = byId(snapshot.resources, WAREHOUSE);
    if (warehouse?.kind !== 'warehouse') throw new Error('no warehouse');
    expect(Object.keys(warehouse.series ?? {}).sort()).toEqual([
      'costUsd',
      'dbus',
      'failedQueries',
      'queryCount',
      'spilledBytes',
    ]);
    const cost = warehouse.series?.costUsd ?? [];
    expect(cost).toHaveLength(60);
    const windowCost = cost.slice(30).reduce((a, b) => a + b, 0);
    expect(warehouse.facts.costUsd).toBeCloseTo(windowCost, 6);
    expect(warehouse.series?.failedQueries?.slice(53)).toEqual([25, 25, 25, 25, 25, 25, 25]);
    expect(warehouse.series?.spilledBytes?.[0]).toBe(0); // NULL spill → 0
    expect(warehouse.facts.costBaselineActiveDays).toBe(30);
    expect(warehouse.facts.costRobustZ).toBeGreaterThan(10);
    expect(warehouse.facts.queriesBaselinePerDay).toBe(41);
    expect(warehouse.facts.failuresRecent).toBe(180); // 7 × 25 = 175, 2 significant figures
    expect(warehouse.facts.failureTopClass).toBeUndefined();

    const cluster = byId(snapshot.resources, CLUSTER);
    if (cluster?.kind !== 'cluster') throw new Error('no cluster');
    expect(cluster.series?.costUsd?.every((v) => Math.abs(v - 13.2) < 1e-9)).toBe(true);
    expect(cluster.facts.costRobustZ).toBe(0);

    const job = byId(snapshot.resources, '101');
    if (job?.kind !== 'job') throw new Error('no job');
    expect(job.series?.runDurationSec).toHaveLength(60); // the failed and the running run are left out
    expect(job.series?.runDay?.slice(0, 3)).toEqual([0, 1, 2]);
    expect(job.facts).toMatchObject({ durationExcludedRuns: 20, durationBaselineRuns: 10, durationRecentRuns: 7 });
    expect(job.facts.durationRobustZ).toBeGreaterThan(3.5);

    const workspace = snapshot.resources.find((r) => r.kind === 'workspace');
    if (workspace?.kind !== 'workspace') throw new Error('no workspace resource');
    expect(workspace).toMatchObject({ id: WS, workspaceId: WS, name: 'prod', tags: {}, owners: {} });
    expect(workspace.series?.costUsd).toHaveLength(60);
    expect(workspace.facts.costUsd).toBeCloseTo(
      (workspace.series?.costUsd ?? []).slice(30).reduce((a, b) => a + b, 0),
      6,
    );
    expect(workspace.facts.costRecentUsdPerDay).toBeGreaterThan(2 * (workspace.facts.costBaselineUsdPerDay ?? 0));
  });

  it('the spike, failure and drift rules find the planted anomalies in the live snapshot; --explain explains them', async () => {
    const { snapshot } = await collect();
    const rulesDir = new URL('../../../rules/', import.meta.url).pathname;
    const rules = await loadRules(rulesDir, RulesSection.parse({}));
    const { findings, errors } = evaluateSnapshot(snapshot, rules);
    expect(errors).toEqual([]);
    const found = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.resource.id);
    expect(found('warehouse-cost-spike')).toEqual([WAREHOUSE]);
    expect(found('warehouse-repeated-query-failures')).toEqual([WAREHOUSE]);
    expect(found('job-runtime-drift')).toEqual(['101']);
    expect(found('workspace-cost-spike')).toEqual([WS]);
    expect(found('cluster-cost-spike')).toEqual([]);
    expect(found('job-cost-spike')).toEqual([]);

    const spike = findings.find((f) => f.ruleId === 'warehouse-cost-spike');
    expect(spike?.chart?.weeks.at(-1)?.period).toBe('window');
    const explanation = explainFinding(snapshot, rules, spike?.fingerprint ?? '');
    if (explanation.status !== 'found') throw new Error(explanation.status);
    expect(explanation.series?.points[0]?.date).toBe('2026-08-02');
    expect(explanation.series?.statistics?.factor).toBeGreaterThan(3);
  });
});
