import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/findings/finding.ts';
import { canonicalHash } from '../../../src/json/canonical-json.ts';
import type { IssueRecord } from '../../../src/records/store.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import { SERIES } from '../../../src/stats/baseline-facts.ts';
import { loadTemplates, type TemplateSet } from '../../../src/tickets/load-templates.ts';
import { planSync } from '../../../src/tickets/plan-sync.ts';
import { renderIssue } from '../../../src/tickets/render-issue.ts';
import { adfSchemaErrors } from '../../support/adf-schema.ts';
import { buildCluster, buildJob, buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';
import { dailySeries, runSeries, snapshotWith, withSeries } from './second-wave-series.ts';

const GIB = 1024 ** 3;

function run(id: string, resource: Resource, overrides: Record<string, unknown> = {}): Finding[] {
  const result = evaluateSnapshot(snapshotWith([resource]), [compileRuleFile(id, overrides)]);
  expect(result.errors).toEqual([]);
  return result.findings;
}

function costSeries(options: Parameters<typeof dailySeries>[0]): Record<string, number[]> {
  const cost = dailySeries(options);
  return { [SERIES.costUsd]: cost, [SERIES.dbus]: cost.map((c) => Math.round((c / 0.55) * 100) / 100) };
}

const builders = {
  'warehouse-cost-spike': () => buildWarehouse(),
  'cluster-cost-spike': () => buildCluster(),
  'job-cost-spike': () => buildJob(),
} as const;

describe.each(Object.entries(builders))('%s', (id, build) => {
  it('fires on a tripled recent cost; excess cost = (recent − baseline median) × 30, no savings claimed', () => {
    const [finding, ...more] = run(id, withSeries(build(), costSeries({ level: 100, noise: 0.1, recentFactor: 3 })));
    expect(more).toEqual([]);
    expect(finding?.evidence.map((e) => e.fact)).toEqual([
      'costBaselineUsdPerDay',
      'costRecentUsdPerDay',
      'costExcessUsdPerMonth',
    ]);
    const [baseline, recent] = (finding?.evidence ?? []).map((e) => e.value as number);
    expect(baseline).toBeGreaterThan(90);
    expect(baseline).toBeLessThan(110);
    expect(recent).toBeGreaterThan(2.5 * (baseline ?? 0));
    // (recent − baseline) per day × 30, the fact rounded to 2 significant figures
    expect(finding?.excessCost?.usdPerMonth).toBeCloseTo(
      Number((((recent ?? 0) - (baseline ?? 0)) * 30).toPrecision(2)),
    );
    expect(finding?.estimate.usdPerMonth).toBe(0);
    expect(finding?.chart?.weeks.length).toBe(8); // 7-day buckets back from 2026-10-31, 4 leading days dropped
    expect(finding?.chart?.weeks.at(-1)?.median).toBeGreaterThan(200);
    expect(finding?.chart?.weeks.at(-2)?.median).toBeLessThan(150);
  });

  it('stays quiet on noisy (±35 %) and weekday/weekend series, below the USD floor and on a young resource', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(run(id, withSeries(build(), costSeries({ level: 100, noise: 0.35, seed })))).toEqual([]);
      expect(run(id, withSeries(build(), costSeries({ level: 100, noise: 0.15, weekend: 0.2, seed })))).toEqual([]);
    }
    expect(run(id, withSeries(build(), costSeries({ level: 3, noise: 0.1, recentFactor: 3 })))).toEqual([]);
    const young = costSeries({ level: 100, noise: 0.1, recentFactor: 3 });
    young[SERIES.costUsd] = (young[SERIES.costUsd] ?? []).map((v, i) => (i < 15 ? 0 : v));
    expect(run(id, withSeries(build(), young))).toEqual([]);
  });

  it('thresholds are params: a higher factor silences the same spike; no series → no finding', () => {
    const spiking = withSeries(build(), costSeries({ level: 100, noise: 0.1, recentFactor: 3 }));
    expect(run(id, spiking, { params: { minFactor: 4 } })).toEqual([]);
    expect(run(id, build())).toEqual([]);
  });
});

describe('job-runtime-drift', () => {
  it('fires when recent runs take 1.8 × the baseline with the same configuration', () => {
    const [finding] = run(
      'job-runtime-drift',
      withSeries(buildJob(), runSeries({ durationSec: 1000, noise: 0.1, recentFactor: 1.8 })),
    );
    expect(finding?.evidence.find((e) => e.fact === 'durationRecentMedianSec')?.value).toBeGreaterThan(1600);
    expect(finding?.evidence.find((e) => e.fact === 'durationExcludedRuns')?.value).toBe(0);
    expect(finding?.chart?.unit).toBe('seconds');
  });

  it('excludes runs under an older configuration: a change then longer runs is not drift', () => {
    const changed = withSeries(
      buildJob(),
      runSeries({ durationSec: 1000, noise: 0.1, changeDay: 45, changeFactor: 1.8 }),
    );
    expect(changed.facts.durationExcludedRuns).toBe(45);
    expect(run('job-runtime-drift', changed)).toEqual([]);
  });

  it('stays quiet on noisy and weekday/weekend durations and on cheap jobs', () => {
    for (const seed of [1, 2, 3]) {
      const noisy = withSeries(buildJob(), runSeries({ durationSec: 1000, noise: 0.3, seed }));
      expect(run('job-runtime-drift', noisy)).toEqual([]);
      const seasonal = withSeries(buildJob(), runSeries({ durationSec: 1000, noise: 0.1, weekend: 0.4, seed }));
      expect(run('job-runtime-drift', seasonal)).toEqual([]);
    }
    const cheap = withSeries(buildJob(), runSeries({ durationSec: 20, noise: 0.05, recentFactor: 2 }));
    expect(run('job-runtime-drift', cheap)).toEqual([]);
  });
});

describe('warehouse-repeated-query-failures', () => {
  const steady = dailySeries({ level: 3.5, noise: 0.3, integers: true });
  it('fires on a new error class with counts of principals, never names or messages', () => {
    const series = {
      [SERIES.queryCount]: dailySeries({ level: 1000, noise: 0.1, integers: true }),
      'failedQueries.PARSE_SYNTAX_ERROR': steady,
      'failedQueries.INSUFFICIENT_PERMISSIONS': dailySeries({ level: 0, integers: true }).map((v, i) =>
        i >= 53 ? 15 : v,
      ),
    };
    const [finding] = run(
      'warehouse-repeated-query-failures',
      withSeries(buildWarehouse(), series, { INSUFFICIENT_PERMISSIONS: 6 }),
    );
    const value = (fact: string) => finding?.evidence.find((e) => e.fact === fact)?.value;
    expect(value('failureTopClass')).toBe('INSUFFICIENT_PERMISSIONS');
    expect(value('failureTopClassRecent')).toBe(110); // 7 × 15 = 105, 2 significant figures
    expect(value('failureTopClassPrincipals')).toBe(6);
    expect(finding?.chart?.label).toContain('error class');
    // the rate, not the count: 105 of ~7,000 recent statements vs none in the baseline
    expect(value('failureTopClassRateRecentPct')).toBeGreaterThan(1);
    expect(value('failureTopClassRateBaselinePct')).toBe(0);
  });

  it('stays quiet when failures grow with the statements (growth, not breakage): same failure rate', () => {
    // Statements triple in the recent period and so do the failures of the class: the count jumps, the rate does not.
    const queries = dailySeries({ level: 1000, noise: 0.05, recentFactor: 3, integers: true });
    const failures = dailySeries({ level: 10, noise: 0.05, recentFactor: 3, integers: true });
    const growing = withSeries(buildWarehouse(), {
      [SERIES.queryCount]: queries,
      'failedQueries.INSUFFICIENT_PERMISSIONS': failures,
    });
    expect(growing.facts.failureTopClassRobustZ).toBeGreaterThanOrEqual(3.5); // the old count test would fire
    expect(run('warehouse-repeated-query-failures', growing)).toEqual([]);
  });

  it('stays quiet on steady failures, seasonal ones and a few sporadic new ones', () => {
    const seasonal = dailySeries({ level: 40, noise: 0.2, weekend: 0.2, integers: true });
    expect(
      run(
        'warehouse-repeated-query-failures',
        withSeries(buildWarehouse(), { 'failedQueries.A': steady, 'failedQueries.B': seasonal }),
      ),
    ).toEqual([]);
    const sporadic = dailySeries({ level: 0, integers: true }).map((v, i) => (i === 55 || i === 58 ? 4 : v));
    expect(
      run('warehouse-repeated-query-failures', withSeries(buildWarehouse(), { 'failedQueries.NEW': sporadic })),
    ).toEqual([]);
  });
});

describe('warehouse-spill-heavy', () => {
  const queries = dailySeries({ level: 500, noise: 0.1, integers: true });
  it('fires on ≥ 2 GiB spilled per recent statement and proposes one size up with its cost', () => {
    const spill = queries.map((q, i) => (i >= 53 ? q * 3 * GIB : q * 0.01 * GIB));
    const cost = dailySeries({ level: 100, noise: 0.05 });
    const [finding] = run(
      'warehouse-spill-heavy',
      withSeries(buildWarehouse(), { queryCount: queries, spilledBytes: spill, costUsd: cost }),
    );
    expect(finding?.plan.changes).toEqual([{ field: 'cluster_size', before: 'Medium', after: 'Large' }]);
    const extra = finding?.evidence.find((e) => e.fact === 'sizeUpExtraUsdPerMonth')?.value as number;
    // about 100 USD/day × 30 × (Large 40 / Medium 24 DBU/h − 1) = 2,000, from the size ladder (not "doubles")
    expect(extra).toBeGreaterThan(1850);
    expect(extra).toBeLessThan(2150);
  });

  it('stays quiet on moderate spill, noisy or seasonal', () => {
    const spill = queries.map((q) => q * 0.5 * GIB);
    expect(
      run('warehouse-spill-heavy', withSeries(buildWarehouse(), { queryCount: queries, spilledBytes: spill })),
    ).toEqual([]);
    const seasonalQ = dailySeries({ level: 500, weekend: 0.1, noise: 0.3, integers: true });
    const seasonalSpill = seasonalQ.map((q, i) => q * (i % 7 === 0 ? 2.5 : 0.2) * GIB);
    expect(
      run(
        'warehouse-spill-heavy',
        withSeries(buildWarehouse(), { queryCount: seasonalQ, spilledBytes: seasonalSpill }),
      ),
    ).toEqual([]);
  });
});

describe('quiet by design', () => {
  let templates: TemplateSet;
  beforeAll(async () => {
    templates = await loadTemplates(fileURLToPath(new URL('../../../templates/', import.meta.url)), [
      { id: 'warehouse-cost-spike', template: 'warehouse-cost-spike' },
    ]);
  });
  const ctx = { routedBy: 'Assigned by tag owner.', approvedStatus: 'Approved', declinedStatus: "Won't Do" };

  it('renders a valid ADF sparkline with labelled medians; sliding the window by one noisy day keeps the hash', () => {
    // 61 days with ±3 % noise and the spike on the last 8: scan N sees days 0-59, scan N+1 days 1-60.
    const all = dailySeries({ level: 130, noise: 0.03, seed: 21 }).concat([131]);
    const spiked = all.map((v, i) => (i >= 53 ? v * 3 : v));
    const hashes = new Set<string>();
    for (const slice of [spiked.slice(0, 60), spiked.slice(1, 61)]) {
      const cost = { [SERIES.costUsd]: slice, [SERIES.dbus]: slice.map((c) => c / 0.55) };
      const [finding] = run('warehouse-cost-spike', withSeries(buildWarehouse(), cost));
      if (finding === undefined) throw new Error('expected a finding');
      const rendered = renderIssue(finding, templates, ctx);
      expect(adfSchemaErrors(rendered.description)).toEqual([]);
      expect(rendered.markdown).toMatch(/`[▁▂▃]{4}│[▁▂▃]{3}█`/);
      expect(rendered.markdown).toMatch(/baseline median 13\d, recent median 3\d\d/);
      hashes.add(canonicalHash({ summary: rendered.summary, description: rendered.description, plan: finding.plan }));
    }
    expect(hashes.size).toBe(1);
  });

  it('the spike stops matching when the series returns to baseline, and the sync plans a resolve', () => {
    const [finding] = run(
      'warehouse-cost-spike',
      withSeries(buildWarehouse(), costSeries({ level: 100, noise: 0.1, recentFactor: 3 })),
    );
    if (finding === undefined) throw new Error('expected a finding');
    const calm = withSeries(buildWarehouse(), costSeries({ level: 100, noise: 0.1, seed: 9 }));
    expect(run('warehouse-cost-spike', calm)).toEqual([]);
    const record: IssueRecord = {
      fingerprint: finding.fingerprint,
      issueId: '10001',
      issueKey: 'FIN-7',
      ruleId: finding.ruleId,
      workspaceId: finding.resource.workspaceId,
      resourceKind: finding.resource.kind,
      resourceId: finding.resource.id,
      state: 'open',
      contentHash: 'h',
      estimatedSavingsUsd: finding.estimate.usdPerMonth,
      owner: null,
      team: null,
      firstSeenAt: '2026-10-31T00:00:00Z',
      lastSeenAt: '2026-10-31T00:00:00Z',
      declinedAt: null,
      resolvedAt: null,
    };
    const ops = planSync([], [record], [], {
      declinedStatus: "Won't Do",
      reopenWhenWorseFactor: 1.5,
      declinedSnoozeDays: 90,
      now: new Date('2026-11-01T06:00:00Z'),
      activeRuleIds: new Set(['warehouse-cost-spike']),
      scannedWorkspaceIds: new Set([finding.resource.workspaceId]),
    });
    expect(ops).toMatchObject([{ op: 'resolve', issueKey: 'FIN-7' }]);
  });
});
