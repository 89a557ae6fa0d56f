import { describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/config/rules-section.ts';
import { runtimeSupportFacts } from '../../../src/databricks/facts/runtime-support-facts.ts';
import { endOfSupportOf } from '../../../src/snapshot/runtime-end-of-support.ts';
import type { TableResource } from '../../../src/snapshot/schema.ts';
import { buildCluster, buildJob, buildWarehouse } from '../../support/resource-builders.ts';
import { findingOf, isClean } from '../../support/rule-harness.ts';

// One positive and one negative case per false-alarm / miss class of issue 15 ("Numbers a FinOps lead signs").

describe('empty tag values count as missing', () => {
  it('flags an owner tag that is empty or blank, on warehouses, clusters and jobs', () => {
    const blank = { owner: '  ', cost_center: 'cc-1' };
    for (const [id, resource] of [
      ['warehouse-missing-tags', buildWarehouse({ tags: blank })],
      ['cluster-missing-tags', buildCluster({ tags: blank })],
      ['job-missing-tags', buildJob({ tags: { ...blank, owner: '' } })],
    ] as const) {
      const finding = findingOf(id, resource);
      expect(finding.plan.args, id).toMatchObject({ missing: ['owner'] });
      expect(finding.evidence.find((e) => e.fact === 'missingTags')?.value, id).toBe('owner');
    }
  });

  it('does not flag tags with values', () => {
    expect(isClean('warehouse-missing-tags', buildWarehouse({ tags: { owner: 'a@x.com', cost_center: 'cc' } }))).toBe(
      true,
    );
  });
});

describe('non-LTS runtimes past end of support', () => {
  const lts = RulesSection.parse({}).runtimeEndOfSupport;

  it('derives the latest end of support of a non-LTS release from the next LTS (its end of support − 30 months)', () => {
    // 16.2 is not LTS; the next LTS is 16.4 (end of support 2028-05-09, released 2025-05-09): 16.2 ended by 2025-11-09.
    expect(endOfSupportOf('16.2.x-scala2.12', lts)).toBe('2025-11-09');
    expect(endOfSupportOf('15.4.x-scala2.12', lts)).toBe('2027-08-19');
    expect(endOfSupportOf('99.1.x-scala2.13', lts)).toBeNull();
  });

  it('fires on a cluster on a non-LTS runtime long out of support, not on a supported LTS one', () => {
    const on = (spark_version: string) =>
      buildCluster({ config: { spark_version }, facts: runtimeSupportFacts(spark_version, lts, '2026-10-31') });
    const finding = findingOf('cluster-unsupported-runtime', on('16.2.x-scala2.12'));
    expect(finding.evidence.some((e) => e.value === '2025-11-09')).toBe(true);
    expect(isClean('cluster-unsupported-runtime', on('16.4.x-scala2.12'))).toBe(true);
  });
});

describe('unlimited retries on continuous and streaming jobs', () => {
  const forever = { tasks: [{ task_key: 'stream', job_cluster_key: 'c', max_retries: -1 }] };

  it('still flags unlimited retries on a scheduled batch job', () => {
    expect(findingOf('job-unbounded-retries', buildJob({ config: forever })).plan.args).toMatchObject({
      max_retries: 3,
    });
  });

  it('does not flag a continuous job, or an always-on unscheduled stream with one concurrent run', () => {
    const continuous = buildJob({ config: { ...forever, continuous: { pause_status: 'UNPAUSED' } } });
    expect(isClean('job-unbounded-retries', continuous)).toBe(true);
    const legacyStream = buildJob({
      config: { ...forever, max_concurrent_runs: 1 },
      facts: { p50DurationSec: 86_400, p95DurationSec: 90_000, maxDurationSec: 95_000 },
    });
    expect(isClean('job-unbounded-retries', legacyStream)).toBe(true);
  });
});

describe('no-timeout when every task has a timeout', () => {
  const runaway = { runawayRuns: 2, runawayCostUsd: 90 };

  it('flags a job without a timeout whose tasks are not all bounded, naming the unbounded tasks', () => {
    const tasks = [
      { task_key: 'a', job_cluster_key: 'c', timeout_seconds: 3600 },
      { task_key: 'b', job_cluster_key: 'c' },
    ];
    const finding = findingOf(
      'job-no-timeout-runaway',
      buildJob({ config: { timeout_seconds: 0, tasks }, facts: runaway }),
    );
    expect(finding.evidence.find((e) => e.fact === 'tasksWithoutTimeout')?.value).toBe('b');
  });

  it('does not flag a job whose every task has a timeout', () => {
    const tasks = [
      { task_key: 'a', job_cluster_key: 'c', timeout_seconds: 3600 },
      { task_key: 'b', job_cluster_key: 'c', timeout_seconds: 600 },
    ];
    expect(isClean('job-no-timeout-runaway', buildJob({ config: { timeout_seconds: 0, tasks }, facts: runaway }))).toBe(
      true,
    );
  });
});

describe('table small files when every recent optimization run failed', () => {
  const table = (recent: number, failedRecent: number): TableResource => ({
    kind: 'table',
    workspaceId: '1234567890123456',
    id: 'a1b2c3',
    name: 'main.sales.orders',
    tags: {},
    owners: {},
    config: { catalog_name: 'main', schema_name: 'sales', table_name: 'orders' },
    facts: {
      compactionRuns: 6,
      compactedFiles: 12_000,
      compactedBytes: 12_000 * 4 * 1048576,
      compactionOutputFiles: 40,
      avgCompactedFileBytes: 4 * 1048576,
      daysSinceLastCompaction: 30,
      poOperations: 10,
      poFailedOperations: failedRecent,
      poOperationsRecent: recent,
      poFailedOperationsRecent: failedRecent,
      poEstimatedDbus: 12,
    },
  });

  it('fires when PO still runs but every recent run failed, showing the failed branch only', () => {
    const finding = findingOf('table-small-files', table(3, 3));
    expect(finding.evidence.map((e) => e.fact)).toContain('poFailedOperationsRecent');
    expect(finding.evidence.map((e) => e.fact)).not.toContain('poOperationsRecent');
  });

  it('stays quiet when some recent PO run succeeded', () => {
    expect(isClean('table-small-files', table(3, 2))).toBe(true);
  });
});

describe('evidence shows only the OR-branch that fired', () => {
  it('an out-of-memory finding does not show the peak-memory threshold it did not meet', () => {
    const finding = findingOf(
      'cluster-memory-pressure',
      buildCluster({ facts: { oomTerminations: 3, maxMemPct: 97 } }),
    );
    expect(finding.evidence.map((e) => e.fact)).toContain('oomTerminations');
    expect(finding.evidence.map((e) => e.fact)).not.toContain('maxMemPct');
    const full = findingOf('cluster-memory-pressure', buildCluster({ facts: { maxMemPct: 99 } }));
    expect(full.evidence.map((e) => e.fact)).toContain('maxMemPct');
    expect(full.evidence.map((e) => e.fact)).not.toContain('oomTerminations');
  });
});
