import { describe, expect, it } from 'vitest';
import type { JobResource } from '../../../src/snapshot/schema.ts';
import { buildJob } from '../../support/resource-builders.ts';
import { evaluateRule, findingOf, isClean } from '../../support/rule-harness.ts';

const id = 'job-serverless-performance-optimized';

/** A serverless job in performance-optimized mode with 20 optimized and 6 standard runs in a 30-day window. */
function serverlessJob(facts: Partial<JobResource['facts']> = {}) {
  return buildJob({
    config: {
      performance_target: 'PERFORMANCE_OPTIMIZED',
      timeout_seconds: 3600,
      tasks: [{ task_key: 'ingest', environment_key: 'default' }],
    },
    facts: {
      costUsd: 400,
      optimizedModeRuns: 20,
      optimizedModeP50DurationSec: 600,
      optimizedModeCostPerRunUsd: 16,
      standardModeRuns: 6,
      standardModeFailedRuns: 0,
      standardModeP50DurationSec: 780,
      standardModeCostPerRunUsd: 9,
      ...facts,
    },
  });
}

describe(id, () => {
  it('fires when the job’s own standard runs succeeded, not much slower and cheaper per run', () => {
    const finding = findingOf(id, serverlessJob());
    // (16 − 9) USD per run × 20 optimized runs × 30 / 30
    expect(finding.estimate.usdPerMonth).toBe(140);
    expect(finding.estimate.basis).toBe('performance-mode');
    expect(finding.plan.autonomy).toBe('manual');
    expect(finding.evidence.find((e) => e.fact === 'standardModeRuns')?.value).toBe(6);
  });

  it('caps the estimate at the job’s own cost in the window', () => {
    const finding = findingOf(id, serverlessJob({ costUsd: 50 }));
    expect(finding.estimate.usdPerMonth).toBe(50);
    expect(finding.estimate.cappedAtUsdPerMonth).toBe(50);
  });

  it('stays quiet with fewer than 3 runs in either mode, a failed standard run, or standard much slower', () => {
    expect(isClean(id, serverlessJob({ standardModeRuns: 2 }))).toBe(true);
    expect(isClean(id, serverlessJob({ optimizedModeRuns: 2 }))).toBe(true);
    expect(isClean(id, serverlessJob({ standardModeFailedRuns: 1 }))).toBe(true);
    // 2× slower than optimized: standard does not suffice
    expect(isClean(id, serverlessJob({ standardModeP50DurationSec: 1200 }))).toBe(true);
  });

  it('stays quiet when standard runs would break the timeout, or on a standard-mode or classic job', () => {
    const slowTimeout = serverlessJob();
    slowTimeout.config.timeout_seconds = 700;
    expect(isClean(id, slowTimeout)).toBe(true);
    const standard = serverlessJob();
    standard.config.performance_target = 'STANDARD';
    expect(isClean(id, standard)).toBe(true);
    // a classic job has no performance-mode facts at all
    expect(evaluateRule(id, buildJob()).errors).toEqual([]);
    expect(isClean(id, buildJob())).toBe(true);
  });
});
