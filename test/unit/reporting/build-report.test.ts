import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/reporting/build-report.ts';
import { actionableReportInput, sampleReportInput } from './report-fixture.ts';

describe('buildReport', () => {
  it('sums estimated, approved and verified savings (hand-computed)', () => {
    const report = buildReport(sampleReportInput());
    // estimated: 2500+600+300+900+50+400 = 4750; approved: fp1 (action), fp2 (action), fp6 (manual fix) = 3500;
    // verified: 2400 − 150 = 2250.
    expect(report.totals).toEqual({
      findings: 6,
      estimatedUsdPerMonth: 4750,
      effectiveEstimatedUsdPerMonth: 4750,
      excessUsdPerMonth: 0,
      approved: 3,
      approvedUsdPerMonth: 3500,
      measured: 2,
      verifiedUsdPerMonth: 2250,
    });
    expect(
      report.byTeam.map((r) => [
        r.key,
        r.findings,
        r.estimatedUsdPerMonth,
        r.approvedUsdPerMonth,
        r.verifiedUsdPerMonth,
      ]),
    ).toEqual([
      ['data-platform', 3, 2950, 2900, 2250],
      // tie on verified and estimated → by name
      ['analytics', 2, 900, 600, 0],
      ['ml, "research"', 1, 900, 0, 0],
    ]);
    expect(report.byOwner.find((r) => r.key === '(none)')?.estimatedUsdPerMonth).toBe(900);
    expect(report.byWorkspace.map((r) => [r.key, r.verifiedUsdPerMonth])).toEqual([
      ['ws-1', 2400],
      ['ws-2', -150],
    ]);
    expect(report.byRule.map((r) => r.key)).toEqual(['warehouse-auto-stop', 'cluster-idle']);
    expect(
      report.byMonth.map((r) => [r.key, r.estimatedUsdPerMonth, r.approvedUsdPerMonth, r.verifiedUsdPerMonth]),
    ).toEqual([
      ['2026-07', 3400, 0, 0],
      ['2026-08', 1050, 400, 0],
      ['2026-09', 300, 3100, 2250],
    ]);
  });

  it('derives statuses from the store without Jira, and counts waiting time and the funnel', () => {
    const report = buildReport(sampleReportInput());
    expect(report.statusSource).toBe('store');
    expect(report.statusCounts).toEqual([
      { status: 'Done', count: 2 },
      { status: 'To Do', count: 2 },
      { status: 'Approved', count: 1 },
      { status: "Won't Do", count: 1 },
    ]);
    // awaiting approval: fp3 (3 days) and fp4 (70 days).
    expect(report.awaitingApprovalByAge).toEqual([
      { bucket: '0–7 days', count: 1, estimatedUsdPerMonth: 300 },
      { bucket: '8–30 days', count: 0, estimatedUsdPerMonth: 0 },
      { bucket: '31–90 days', count: 1, estimatedUsdPerMonth: 900 },
      { bucket: 'over 90 days', count: 0, estimatedUsdPerMonth: 0 },
    ]);
    expect(report.funnel).toEqual([
      { stage: 'found', count: 6, usdPerMonth: 4750 },
      { stage: 'approved', count: 3, usdPerMonth: 3500 },
      { stage: 'verified', count: 2, usdPerMonth: 2900 },
      { stage: 'measured', count: 2, usdPerMonth: 2250 },
    ]);
    expect(report.topOpen.map((o) => [o.issueKey, o.estimatedUsdPerMonth, o.ageDays])).toEqual([
      ['FIN-4', 900, 70],
      ['FIN-3', 300, 3],
    ]);
  });

  it('uses current Jira statuses when given, and filters each figure by its own date with --since', () => {
    const jiraStatuses = new Map([['1004', { name: 'Approved', categoryKey: 'indeterminate' }]]);
    const report = buildReport(sampleReportInput({ jiraStatuses, since: '2026-09-01' }));
    expect(report.statusSource).toBe('jira');
    // first seen since 09-01: fp3 only; approved since: fp1 (09-02), fp2 (09-20), fp4 (Jira shows Approved,
    // dated by lastSeenAt 09-01); measured since: both.
    expect(report.totals).toMatchObject({
      findings: 1,
      estimatedUsdPerMonth: 300,
      approved: 3,
      approvedUsdPerMonth: 4000,
      measured: 2,
      verifiedUsdPerMonth: 2250,
    });
    expect(report.topOpen.map((o) => o.issueKey)).toEqual(['FIN-3']);
  });
});

describe('buildReport: refused, failed and rolled-back approvals', () => {
  it('does not count a refused or drift-failed approval as approved, nor a rolled-back change as verified', () => {
    const base = sampleReportInput();
    const withOutcome = (state: 'refused' | 'failed' | 'rolled_back') =>
      buildReport({
        ...base,
        actions: base.actions.map((a) => (a.fingerprint === 'fp2' ? { ...a, state, reason: 'drift' } : a)),
      });
    const applied = buildReport(base);
    const stageCount = (r: ReturnType<typeof buildReport>, stage: string) =>
      r.funnel.find((f) => f.stage === stage)?.count;
    for (const state of ['refused', 'failed'] as const) {
      const report = withOutcome(state);
      expect(report.totals.approved, state).toBe(applied.totals.approved - 1);
      expect(report.totals.approvedUsdPerMonth, state).toBe(applied.totals.approvedUsdPerMonth - 600);
      expect(report.statusCounts.find((s) => s.status === base.statuses.failed)?.count, state).toBe(1);
    }
    const rolledBack = withOutcome('rolled_back');
    expect(stageCount(rolledBack, 'verified')).toBe(stageCount(applied, 'verified'));
    expect(rolledBack.statusCounts.some((s) => s.status === 'Done' && s.count === 2)).toBe(true);
  });
});

describe('buildReport for people who act on it', () => {
  const report = buildReport(actionableReportInput());

  it('counts only approval findings in the funnel and in awaiting approval', () => {
    // approval findings: 1, 2, 5, 6, 7 (3 and 4 are manual)
    expect(report.funnel.find((s) => s.stage === 'found')).toEqual({ stage: 'found', count: 5, usdPerMonth: 2350 });
    // refused (1) and failed (2) changed nothing; rolled back (5) no longer counts as approved (its change was
    // undone); 6 verified
    expect(report.funnel.find((s) => s.stage === 'approved')?.count).toBe(1);
    expect(report.funnel.find((s) => s.stage === 'verified')?.count).toBe(1);
    expect(report.topOpen.map((o) => o.issueKey).sort()).toEqual(['FIN-1', 'FIN-2', 'FIN-7']);
  });

  it('shows refused, failed and rolled-back actions as such', () => {
    expect(report.actionOutcomes).toEqual([
      { outcome: 'verified', count: 1 },
      { outcome: 'refused', count: 1 },
      { outcome: 'failed', count: 1 },
      { outcome: 'rolled back', count: 1 },
    ]);
  });

  it('keeps estimated (list and effective), excess and verified apart', () => {
    expect(report.negotiatedPrices).toBe(true);
    expect(report.totals.estimatedUsdPerMonth).toBe(2550);
    // 700 + 350 at the negotiated price, the others at list
    expect(report.totals.effectiveEstimatedUsdPerMonth).toBe(2100);
    expect(report.totals.excessUsdPerMonth).toBe(4200);
    expect(report.totals.verifiedUsdPerMonth).toBe(380);
  });

  it('links issue keys to Jira and resources to Databricks, with names and ids on hover', () => {
    const first = report.topOpen.find((o) => o.issueKey === 'FIN-1');
    expect(first).toMatchObject({
      issueUrl: 'https://example.atlassian.net/browse/FIN-1',
      resourceName: 'bi-warehouse-1',
      resource: 'warehouse wh-1',
      resourceUrl: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/sql/warehouses/wh-1',
      workspaceName: 'prod-analytics',
      effectiveUsdPerMonth: 700,
    });
    expect(report.byWorkspace.map((r) => [r.key, r.label])).toEqual([
      ['ws-1', 'prod-analytics'],
      ['ws-2', 'dev'],
    ]);
    expect(buildReport(actionableReportInput({ jiraBaseUrl: undefined })).topOpen[0]?.issueUrl).toBeNull();
  });

  it('never links a stored URL that is not http(s)', () => {
    const report6 = buildReport(actionableReportInput({ actions: [] }));
    expect(report6.topOpen.find((o) => o.issueKey === 'FIN-6')?.resourceUrl).toBeNull();
  });
});

describe('buildReport: a change rolled back on request', () => {
  it('stops counting it: not approved, not verified, its measured savings dropped', () => {
    const base = sampleReportInput();
    const target = base.actions.find((a) => a.state === 'verified' && base.ledger.some((r) => r.actionId === a.id));
    if (target === undefined) throw new Error('fixture has no measured verified action');
    const before = buildReport(base);
    const rollback = {
      ...target,
      id: `rb-${target.id}`,
      actionKey: `rollback:cli:${target.id}`,
      rollbackOf: target.id,
    };
    const after = buildReport({
      ...base,
      actions: [
        ...base.actions.map((a) => (a.id === target.id ? { ...a, state: 'rolled_back' as const } : a)),
        rollback,
      ],
    });
    const dropped = base.ledger.filter((r) => r.actionId === target.id).reduce((t, r) => t + r.verifiedUsdPerMonth, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(after.totals.verifiedUsdPerMonth).toBeCloseTo(before.totals.verifiedUsdPerMonth - dropped);
    expect(after.totals.approved).toBe(before.totals.approved - 1);
  });
});
