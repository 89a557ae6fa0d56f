import { describe, expect, it } from 'vitest';
import { buildCluster } from '../../support/resource-builders.ts';
import { findingOf, isClean } from '../../support/rule-harness.ts';

describe('cluster-no-auto-termination', () => {
  const id = 'cluster-no-auto-termination';

  it('matches an all-purpose cluster that never terminates and sat idle', () => {
    const finding = findingOf(
      id,
      buildCluster({ config: { autotermination_minutes: 0 }, facts: { idleHours: 50, idleStretches: 4 } }),
    );
    // (50 h − 4 stretches × 30 min) × 11.25 DBU/h × 0.55 USD/DBU = 297
    expect(finding.estimate.usdPerMonth).toBe(297);
    expect(finding.plan.changes).toEqual([{ field: 'autotermination_minutes', before: 0, after: 30 }]);
    expect(finding.plan.restarts).toBe(false);
  });

  it('nets out the proposed auto-termination each idle stretch still costs', () => {
    // 50 one-hour idle stretches: each still runs 30 min before terminating, half of the idle hours stay.
    const finding = findingOf(
      id,
      buildCluster({ config: { autotermination_minutes: 240 }, facts: { idleHours: 50, idleStretches: 50 } }),
    );
    expect(finding.estimate.usdPerMonth).toBe(154.69); // (50 − 25) × 11.25 × 0.55 = 154.6875
  });

  it('takes every idle hour as its own stretch in a snapshot collected before idleStretches existed', () => {
    const { idleStretches: _absent, ...facts } = buildCluster().facts;
    const old = { ...buildCluster({ config: { autotermination_minutes: 0 } }), facts: { ...facts, idleHours: 50 } };
    const finding = findingOf(id, old);
    expect(finding.estimate.usdPerMonth).toBe(154.69); // (50 − 50 × 30 min) × 11.25 × 0.55
    expect(finding.evidence.some((e) => e.fact === 'idleStretches')).toBe(false);
  });

  it('says a RUNNING cluster restarts when edited', () => {
    const finding = findingOf(
      id,
      buildCluster({ config: { autotermination_minutes: 600, state: 'RUNNING' }, facts: { idleHours: 50 } }),
    );
    expect(finding.plan.restarts).toBe(true);
    expect(finding.plan.risk).toMatch(/restarts/);
  });

  it('does not match a job cluster, or auto-termination of exactly 120 min', () => {
    expect(
      isClean(
        id,
        buildCluster({ config: { cluster_source: 'JOB', autotermination_minutes: 0 }, facts: { idleHours: 50 } }),
      ),
    ).toBe(true);
    expect(isClean(id, buildCluster({ config: { autotermination_minutes: 120 }, facts: { idleHours: 50 } }))).toBe(
      true,
    );
  });
});

describe('cluster-idle-running', () => {
  const id = 'cluster-idle-running';
  // costUsd = 300 h × 11.25 DBU/h × 0.55 USD/DBU, consistent with the running hours (the cap reads it)
  const idle = { avgCpuPct: 3, runningHours: 300, idleHours: 250, costUsd: 1856.25 };

  it('matches a running all-purpose cluster at low CPU for a long time', () => {
    const finding = findingOf(id, buildCluster({ config: { state: 'RUNNING' }, facts: idle }));
    expect(finding.estimate.usdPerMonth).toBe(1546.88); // 250 × 11.25 × 0.55
    expect(finding.plan.strategy).toBe('cluster-terminate');
    expect(finding.plan.changes).toEqual([{ field: 'state', before: 'RUNNING', after: 'TERMINATED' }]);
  });

  it('does not match a terminated cluster, or one idle fewer than half its running hours', () => {
    expect(isClean(id, buildCluster({ facts: idle }))).toBe(true);
    const running = { state: 'RUNNING' };
    expect(isClean(id, buildCluster({ config: running, facts: { ...idle, idleHours: 149 } }))).toBe(true);
  });

  it('counts idle by the hour, not by average CPU: a busy-but-light cluster stays quiet, a bursty one fires', () => {
    const running = { state: 'RUNNING' };
    // busy-but-light: 3 % average CPU, but a query or task in 290 of 300 hours
    expect(isClean(id, buildCluster({ config: running, facts: { ...idle, avgCpuPct: 3, idleHours: 10 } }))).toBe(true);
    // bursty: 45 % average CPU from short bursts, idle 240 of 300 hours
    const bursty = findingOf(id, buildCluster({ config: running, facts: { ...idle, avgCpuPct: 45, idleHours: 240 } }));
    expect(bursty.evidence.find((e) => e.fact === 'idleSharePct')?.value).toBe(80);
  });
});

describe('cluster-missing-tags', () => {
  const id = 'cluster-missing-tags';

  it('matches an untagged all-purpose cluster', () => {
    expect(findingOf(id, buildCluster({ tags: {} })).plan.args).toEqual({
      missing: ['owner', 'cost_center'],
      tags: {},
    });
  });

  it('does not match a tagged cluster or an untagged job cluster', () => {
    expect(isClean(id, buildCluster())).toBe(true);
    expect(isClean(id, buildCluster({ tags: {}, config: { cluster_source: 'JOB' } }))).toBe(true);
  });
});

describe('cluster-unsupported-runtime', () => {
  const id = 'cluster-unsupported-runtime';

  it('matches a runtime within 90 days of end of support (or past it)', () => {
    const soon = findingOf(
      id,
      buildCluster({
        config: { spark_version: '13.3.x-scala2.12' },
        facts: { runtimeEndOfSupport: '2026-08-22', runtimeDaysToEndOfSupport: -70 },
      }),
    );
    expect(soon.plan.strategy).toBe('manual');
    expect(soon.evidence.find((e) => e.fact === 'config.spark_version')?.value).toBe('13.3.x-scala2.12');
    expect(findingOf(id, buildCluster({ facts: { runtimeDaysToEndOfSupport: 30 } })).ruleId).toBe(id);
  });

  it('does not match an unknown runtime (null or absent) or one 90 days away', () => {
    expect(isClean(id, buildCluster({ facts: { runtimeEndOfSupport: null, runtimeDaysToEndOfSupport: null } }))).toBe(
      true,
    );
    const absent = buildCluster();
    delete absent.facts.runtimeDaysToEndOfSupport;
    expect(isClean(id, absent)).toBe(true);
    expect(isClean(id, buildCluster({ facts: { runtimeDaysToEndOfSupport: 90 } }))).toBe(true);
  });
});

describe('cluster-memory-pressure', () => {
  const id = 'cluster-memory-pressure';

  it('matches two memory events together, or peak memory at 98 %', () => {
    expect(findingOf(id, buildCluster({ facts: { oomTerminations: 1, nodesLostEvents: 1 } })).severity).toBe('high');
    expect(findingOf(id, buildCluster({ facts: { maxMemPct: 98 } })).estimate.usdPerMonth).toBe(0);
  });

  it('does not match one event with peak memory below 98 %', () => {
    expect(isClean(id, buildCluster({ facts: { driverNotRespondingEvents: 1, maxMemPct: 97.9 } }))).toBe(true);
  });
});
