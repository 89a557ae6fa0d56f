import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { collectSnapshot } from '../../../src/databricks/collect/collect-snapshot.ts';
import { COLLECTOR_STATEMENTS } from '../../../src/databricks/sql/statements.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { server } from '../../support/msw.ts';
import { fakeSqlRunner, PIPELINE_IDS, patReader, plantedRows, restHandlers, WORKSPACE, WS } from './fake-databricks.ts';

async function collect() {
  const seen = {
    clusterSources: null as string | null | undefined,
    eventPages: 0,
    jobGetPages: 0,
    pipelineUpdatePages: 0,
  };
  server.use(...restHandlers(seen));
  const calls: string[] = [];
  const progress: string[] = [];
  const snapshot = await collectSnapshot({
    sql: fakeSqlRunner(plantedRows(), calls),
    rest: patReader().reader,
    workspaces: [WORKSPACE],
    window: { days: 30, end: '2026-09-30' },
    runtimeEndOfSupport: RulesSection.parse({}).runtimeEndOfSupport,
    onProgress: (m) => progress.push(m),
    now: () => new Date('2026-10-01T06:00:00Z'),
  });
  return { snapshot, seen, calls, progress };
}

describe('collectSnapshot (msw REST + fake SqlRunner)', () => {
  it('runs every collector and builds a snapshot that validates, with the derived facts', async () => {
    const { snapshot, seen, calls, progress } = await collect();
    expect(calls).toHaveLength(COLLECTOR_STATEMENTS.length);
    expect(new Set(calls)).toEqual(new Set(COLLECTOR_STATEMENTS));
    expect(seen.clusterSources).toBe('UI,API');
    expect(seen.jobGetPages).toBe(2);
    expect(progress.some((m) => m.includes('usage-by-resource-day: 90 rows'))).toBe(true);
    expect(snapshot).toMatchObject({
      accountId: 'acc-0001',
      source: 'live',
      window: { start: '2026-09-01', end: '2026-09-30', days: 30 },
    });
    expect(snapshot.prices.map((p) => p.sku_name)).toContain('PREMIUM_JOBS_COMPUTE');

    const warehouse = snapshot.resources.find((r) => r.kind === 'warehouse' && r.id === 'ec58ee3772e8d305');
    expect(warehouse?.kind === 'warehouse' && warehouse.facts).toMatchObject({
      dbus: 2160,
      costUsd: 1080,
      runningHours: 90,
      clusterHours: 90,
      idleTailHours: 75,
      idleHours: 60,
      queryCount: 1200,
      dbuPerHour: 24,
      usdPerDbu: 0.5,
    });
    expect(warehouse?.tags).toEqual({ cost_center: 'cc-100', owner: 'team-bi' });

    const cluster = snapshot.resources.find((r) => r.id === '0123-456789-abcdefgh');
    expect(cluster?.kind === 'cluster' && cluster.facts).toMatchObject({
      runningHours: 720,
      idleHours: 690,
      oomTerminations: 1,
      driverNotRespondingEvents: 1,
      jobTaskRuns: 30,
      runtimeEndOfSupport: '2027-08-19',
    });
    expect(cluster?.owners).toEqual({ owner: 'dana.owner@example.com', creator: 'dana.owner@example.com' });

    const job = snapshot.resources.find((r) => r.kind === 'job');
    expect(job?.id).toBe('101');
    expect(job?.kind === 'job' && job.config.tasks.map((t) => t.task_key)).toEqual(['ingest', 'transform']);
    expect(job?.kind === 'job' && job.facts).toMatchObject({
      runs: 30,
      failedRuns: 3,
      consecutiveFailures: 3,
      retryRuns: 1,
      retryCostUsd: 4.5,
      allPurposeTaskHours: 15,
      p50DurationSec: 1800,
      runawayRuns: 1,
      jobsUsdPerDbu: 0.15,
      allPurposeUsdPerDbu: 0.55,
    });
    // 54,000 task seconds of 720 running hours: 1/48 of the cluster's 1,440 DBU.
    expect(job?.kind === 'job' && job.facts.allPurposeDbus).toBeCloseTo(30);
  });

  it('collects pipelines: allowlisted spec, owners, billed hours netted per hour, updates of the window only', async () => {
    const { snapshot, seen } = await collect();
    const pipelines = snapshot.resources.filter((r) => r.kind === 'pipeline');
    expect(pipelines.map((p) => p.id).sort()).toEqual(Object.values(PIPELINE_IDS).sort());
    const dev = pipelines.find((p) => p.id === PIPELINE_IDS.devScheduled);
    expect(dev).toMatchObject({
      name: 'sales-ingest',
      tags: { team: 'sales' },
      owners: { owner: 'erin@example.com', creator: 'erin@example.com', runAs: 'svc-sales@example.com' },
      config: {
        development: true,
        continuous: false,
        serverless: false,
        edition: 'ADVANCED',
        photon: true,
        channel: 'CURRENT',
        catalog: 'main',
        target: 'sales_silver',
        clusters: [{ label: 'default', autoscale: { min_workers: 1, max_workers: 4, mode: 'ENHANCED' } }],
        state: 'IDLE',
      },
    });
    // 30 days × 3 hours × 5 DBU at 0.30 USD/DBU; the hour netted to 0 DBU by a retraction is not billed.
    expect(dev?.facts).toMatchObject({
      dbus: 450,
      costUsd: 135,
      usdPerDbu: 0.3,
      billedHours: 90,
      updates: 30,
      scheduledUpdates: 30,
      updateDays: 30,
    });
    // The update timeline has no row of it while REST lists 30 updates (the table lags): unknown, absent, never 0.
    // Hours with rows written and rows written have no live source at all.
    for (const fact of ['updateHours', 'activeHours', 'outputRows']) expect(dev?.facts).not.toHaveProperty(fact);
    // 60 updates at 20 a page, newest first: the second page reaches before the window, so the third is never read.
    expect(seen.pipelineUpdatePages).toBe(2 + 2 + 1);
    const continuous = pipelines.find((p) => p.id === PIPELINE_IDS.continuous);
    expect(continuous?.facts).toMatchObject({ billedHours: 720, updates: 0, scheduledUpdates: 0, updateDays: 0 });
  });

  it('keeps Class C REST fields out of the snapshot (zod strips them at the boundary)', async () => {
    const { snapshot } = await collect();
    const text = JSON.stringify(snapshot);
    for (const secret of [
      'spark.databricks.delta',
      'PYSPARK_PYTHON',
      'base_parameters',
      'run_date',
      '{{job.parameters',
      'state_message',
      'jdbc_url',
      'secret-config-value-123',
      'ingest-notebook',
      'oncall@example.com',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('evaluateSnapshot with rules/ finds the planted problems and nothing on the healthy warehouse', async () => {
    const { snapshot } = await collect();
    // The fake account's costs are a few dollars: no savings floor.
    const rules = await loadRules('rules', RulesSection.parse({ minMonthlySavingsUsd: 0 }));
    const { findings, errors } = evaluateSnapshot(snapshot, rules);
    expect(errors).toEqual([]);
    const found = findings.map((f) => `${f.ruleId} ${f.resource.id}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'warehouse-auto-stop-too-long ec58ee3772e8d305',
        'cluster-no-auto-termination 0123-456789-abcdefgh',
        'cluster-idle-running 0123-456789-abcdefgh',
        'job-on-all-purpose-compute 101',
        'job-unbounded-retries 101',
        'job-no-timeout-runaway 101',
        'job-repeated-failures 101',
      ]),
    );
    expect(found.filter((f) => f.endsWith('5f1e2d3c4b5a6978') && f.startsWith('warehouse-auto-stop'))).toEqual([]);
    // The development pipeline on a daily job schedule fires; the production and the continuous ones do not.
    expect(found.filter((f) => f.startsWith('pipeline-'))).toEqual([
      `pipeline-development-mode-scheduled ${PIPELINE_IDS.devScheduled}`,
    ]);
    expect(findings.every((f) => f.resource.workspaceId === WS)).toBe(true);
  });
});
