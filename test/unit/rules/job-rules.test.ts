import { describe, expect, it } from 'vitest';
import { buildJob } from '../../support/resource-builders.ts';
import { evaluateRule, findingOf, isClean } from '../../support/rule-harness.ts';

describe('job-on-all-purpose-compute', () => {
  const id = 'job-on-all-purpose-compute';

  it('matches a job with task hours on all-purpose clusters and prices the rate difference', () => {
    const finding = findingOf(id, buildJob({ facts: { allPurposeTaskHours: 20, allPurposeDbus: 400 } }));
    expect(finding.estimate.usdPerMonth).toBe(160); // 400 DBU × (0.55 − 0.15)
    expect(finding.plan.args).toEqual({
      change: 'Move tasks from existing_cluster_id to a job cluster (job_clusters + job_cluster_key) or serverless',
    });
  });

  it('does not match 1 task hour', () => {
    expect(isClean(id, buildJob({ facts: { allPurposeTaskHours: 1, allPurposeDbus: 20 } }))).toBe(true);
  });
});

describe('job-repeated-failures', () => {
  const id = 'job-repeated-failures';

  it('matches more than 20 % failed runs', () => {
    const finding = findingOf(id, buildJob({ facts: { failedRuns: 7, failedRunCostUsd: 42 } }));
    expect(finding.estimate.usdPerMonth).toBe(42);
    expect(finding.category).toBe('reliability');
  });

  it('matches 3 failures in a row even at a low failure share', () => {
    expect(findingOf(id, buildJob({ facts: { failedRuns: 3, consecutiveFailures: 3 } })).ruleId).toBe(id);
  });

  it('does not match exactly 20 % failed runs with 2 in a row', () => {
    expect(isClean(id, buildJob({ facts: { failedRuns: 6, consecutiveFailures: 2 } }))).toBe(true);
  });
});

describe('job-unbounded-retries', () => {
  const id = 'job-unbounded-retries';

  it('matches a task that retries forever and bounds only that task', () => {
    const finding = findingOf(
      id,
      buildJob({
        config: { tasks: [{ task_key: 'load', max_retries: -1 }, { task_key: 'report' }] },
        facts: { retryCostUsd: 100, retryRuns: 4 },
      }),
    );
    expect(finding.estimate.usdPerMonth).toBe(50); // 100 × 30/30 × 0.5
    expect(finding.plan.args).toEqual({ max_retries: 3, min_retry_interval_millis: 60000 });
    // Every argument the rule declares is applied: the retry interval too (absent = 0 ms).
    expect(finding.plan.changes).toEqual([
      { field: 'tasks[load].max_retries', before: -1, after: 3 },
      { field: 'tasks[load].min_retry_interval_millis', before: 0, after: 60000 },
    ]);
  });

  it('does not match bounded retries or tasks without max_retries', () => {
    expect(
      isClean(id, buildJob({ config: { tasks: [{ task_key: 'load', max_retries: 3 }, { task_key: 'report' }] } })),
    ).toBe(true);
  });
});

describe('job-no-timeout-runaway', () => {
  const id = 'job-no-timeout-runaway';
  const noTimeout = { config: { timeout_seconds: 0 } };

  it('matches a job without timeout that ran away, proposing at least one hour', () => {
    const finding = findingOf(
      id,
      buildJob({ ...noTimeout, facts: { runawayRuns: 2, runawayCostUsd: 90, p95DurationSec: 1200 } }),
    );
    expect(finding.estimate.usdPerMonth).toBe(90);
    expect(finding.plan.changes).toEqual([{ field: 'timeout_seconds', before: 0, after: 3600 }]);
  });

  it('proposes twice the p95 duration when longer than an hour, capped at 48 hours', () => {
    const lost = { runawayRuns: 1, runawayCostUsd: 90 };
    const twice = findingOf(id, buildJob({ ...noTimeout, facts: { ...lost, p95DurationSec: 5000.4 } }));
    expect(twice.plan.args).toEqual({ timeout_seconds: 10000 });
    const capped = findingOf(id, buildJob({ ...noTimeout, facts: { ...lost, p95DurationSec: 100_000 } }));
    expect(capped.plan.args).toEqual({ timeout_seconds: 172_800 });
  });

  it('keeps a trivial saving out of Jira: under the default 25 USD/month floor unless the rule lowers it', () => {
    const trivial = buildJob({ ...noTimeout, facts: { runawayRuns: 1, runawayCostUsd: 2.59 } });
    expect(evaluateRule(id, trivial)).toMatchObject({ findings: [], belowMinimum: 1 });
    expect(findingOf(id, trivial, { overrides: { minMonthlySavingsUsd: 1 } }).estimate.usdPerMonth).toBe(2.59);
  });

  it('does not match a job with a timeout, or without runaway runs', () => {
    expect(isClean(id, buildJob({ facts: { runawayRuns: 2 } }))).toBe(true);
    expect(isClean(id, buildJob(noTimeout))).toBe(true);
  });
});

describe('job-missing-tags', () => {
  const id = 'job-missing-tags';

  it('matches a job without owner tag', () => {
    expect(findingOf(id, buildJob({ tags: { cost_center: 'cc-1' } })).plan.args).toEqual({
      missing: ['owner'],
      tags: {},
    });
  });

  it('does not match a tagged job', () => {
    expect(isClean(id, buildJob())).toBe(true);
  });
});
