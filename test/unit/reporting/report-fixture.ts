import { JiraSection } from '../../../src/config/jira-section.ts';
import type { SavingsLedgerRecord } from '../../../src/records/savings-ledger.ts';
import type { IssueRecord } from '../../../src/records/store.ts';
import type { ActionRecord } from '../../../src/remediation/action-record.ts';
import type { ReportInput } from '../../../src/reporting/build-report.ts';
import { queuedAction } from '../../support/remediation-harness.ts';

export function issue(n: number, overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    fingerprint: `fp${n}`,
    issueId: `100${n}`,
    issueKey: `FIN-${n}`,
    ruleId: 'warehouse-auto-stop',
    workspaceId: 'ws-1',
    resourceKind: 'warehouse',
    resourceId: `wh-${n}`,
    state: 'open',
    contentHash: 'h',
    estimatedSavingsUsd: 100,
    owner: 'dana@example.com',
    team: 'data-platform',
    firstSeenAt: '2026-08-01T00:00:00.000Z',
    lastSeenAt: '2026-09-01T00:00:00.000Z',
    declinedAt: null,
    resolvedAt: null,
    ...overrides,
  };
}

export function action(fingerprint: string, overrides: Partial<ActionRecord> = {}): ActionRecord {
  return queuedAction({
    id: `act-${fingerprint}`,
    actionKey: `key-${fingerprint}`,
    fingerprint,
    issueId: 'x',
    strategy: 'set-warehouse-auto-stop',
    resource: { workspaceId: 'ws-1', kind: 'warehouse', id: 'wh' },
    approver: { accountId: 'acc', displayName: null },
    approvedAt: '2026-09-02T00:00:00.000Z',
    state: 'verified',
    attempts: 1,
    createdAt: '2026-09-02T00:00:05.000Z',
    updatedAt: '2026-09-02T01:00:00.000Z',
    ...overrides,
  });
}

export function measurement(fingerprint: string, verifiedUsdPerMonth: number, measuredAt: string): SavingsLedgerRecord {
  return {
    measurementKey: `action:act-${fingerprint}`,
    actionId: `act-${fingerprint}`,
    fingerprint,
    issueId: 'x',
    ruleId: 'warehouse-auto-stop',
    workspaceId: 'ws-1',
    resourceKind: 'warehouse',
    resourceId: 'wh',
    changeAt: '2026-09-02T01:00:00.000Z',
    beforeFrom: '2026-08-19',
    beforeTo: '2026-09-01',
    afterFrom: '2026-09-03',
    afterTo: '2026-09-16',
    beforeUsdPerDay: 10,
    afterUsdPerDay: 10 - verifiedUsdPerMonth / 30,
    verifiedUsdPerMonth,
    normaliser: 'none',
    formula: 'f',
    confidence: 'high',
    reasons: [],
    confounders: [],
    priceBasis: 'list',
    status: 'posted',
    measuredAt,
    postedAt: measuredAt,
  };
}

/**
 * Six findings over three teams and three months: two fixed and measured (one negative), one approved and
 * in progress, one declined, two open (one 3 days old, one 70 days old). Hand-computed totals in the tests.
 */
export function sampleReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    issues: [
      issue(1, {
        estimatedSavingsUsd: 2500,
        firstSeenAt: '2026-07-10T00:00:00.000Z',
        state: 'resolved',
        resolvedAt: '2026-09-03T00:00:00.000Z',
      }),
      issue(2, {
        estimatedSavingsUsd: 600,
        team: 'analytics',
        owner: 'lee@example.com',
        ruleId: 'cluster-idle',
        resourceKind: 'cluster',
      }),
      issue(3, {
        estimatedSavingsUsd: 300,
        team: 'analytics',
        owner: 'lee@example.com',
        firstSeenAt: '2026-09-27T00:00:00.000Z',
      }),
      issue(4, {
        estimatedSavingsUsd: 900,
        team: 'ml, "research"',
        owner: null,
        firstSeenAt: '2026-07-22T00:00:00.000Z',
      }),
      issue(5, { estimatedSavingsUsd: 50, state: 'declined', declinedAt: '2026-08-05T00:00:00.000Z' }),
      issue(6, {
        estimatedSavingsUsd: 400,
        workspaceId: 'ws-2',
        state: 'resolved',
        resolvedAt: '2026-08-20T00:00:00.000Z',
      }),
    ],
    actions: [
      action('fp1'),
      action('fp2', {
        state: 'applying',
        approvedAt: '2026-09-20T00:00:00.000Z',
        createdAt: '2026-09-20T00:00:01.000Z',
        updatedAt: '2026-09-20T00:00:02.000Z',
      }),
    ],
    ledger: [
      measurement('fp1', 2400, '2026-09-20T06:00:00.000Z'),
      { ...measurement('fp6', -150, '2026-09-10T06:00:00.000Z'), measurementKey: 'manual:fp6', actionId: null },
    ],
    jiraStatuses: undefined,
    statuses: JiraSection.parse({}).statuses,
    now: new Date('2026-09-30T00:00:00.000Z'),
    since: undefined,
    topN: 10,
    ...overrides,
  };
}

/**
 * A report input people act on: names, links and autonomy kept per issue, a negotiated price on two findings,
 * an anomaly with excess cost, a manual finding, and refused / failed / rolled-back actions. Hand-computed in
 * build-report.test.ts; the browser test renders it.
 */
export function actionableReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const host = 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com';
  const named = (n: number, more: Partial<IssueRecord>) =>
    issue(n, {
      resourceName: `bi-warehouse-${n}`,
      workspaceName: 'prod-analytics',
      resourceUrl: `${host}/sql/warehouses/wh-${n}`,
      autonomy: 'approval',
      ...more,
    });
  return sampleReportInput({
    issues: [
      named(1, { estimatedSavingsUsd: 1000, effectiveSavingsUsd: 700 }),
      named(2, { estimatedSavingsUsd: 500, effectiveSavingsUsd: 350 }),
      named(3, { estimatedSavingsUsd: 200, autonomy: 'manual' }),
      named(4, { estimatedSavingsUsd: 0, excessUsd: 4200, ruleId: 'warehouse-cost-spike', autonomy: 'manual' }),
      named(5, { estimatedSavingsUsd: 300 }),
      named(6, { estimatedSavingsUsd: 400, resourceUrl: 'javascript:alert(1)' }),
      named(7, { estimatedSavingsUsd: 150, team: 'analytics', workspaceId: 'ws-2', workspaceName: 'dev' }),
    ],
    actions: [
      action('fp1', { state: 'refused', approvedAt: null }),
      action('fp2', { state: 'failed' }),
      action('fp5', { state: 'rolled_back' }),
      action('fp6', { state: 'verified' }),
    ],
    ledger: [measurement('fp6', 380, '2026-09-20T06:00:00.000Z')],
    jiraBaseUrl: 'https://example.atlassian.net',
    ...overrides,
  });
}
