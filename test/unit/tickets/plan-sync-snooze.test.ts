import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/findings/finding.ts';
import type { IssueRecord } from '../../../src/store/store.ts';
import type { TrackedIssue } from '../../../src/tickets/issue-tracker.ts';
import { type PreparedFinding, planSync, type SyncPolicy } from '../../../src/tickets/plan-sync.ts';
import { buildWarehouse } from '../../support/resource-builders.ts';
import { findingOf } from '../../support/rule-harness.ts';

const now = new Date('2026-11-20T12:00:00Z');

function prepared(finding: Finding, contentHash = 'hash-1'): PreparedFinding {
  return {
    finding,
    owner: 'ana@example.com',
    team: null,
    draft: {
      fingerprint: finding.fingerprint,
      summary: 's',
      description: { type: 'doc', version: 1, content: [] },
      labels: [],
      assigneeAccountId: undefined,
      components: [],
      estimatedSavingsUsd: finding.estimate.usdPerMonth,
      property: {},
      contentHash,
      projectKey: undefined,
      onScreen: { components: true, estimatedSavings: true },
    },
  };
}

function policy(overrides: Partial<SyncPolicy> = {}): SyncPolicy {
  return {
    declinedStatus: "Won't Do",
    reopenWhenWorseFactor: 1.5,
    declinedSnoozeDays: 90,
    now,
    activeRuleIds: new Set(['warehouse-auto-stop-too-long']),
    scannedWorkspaceIds: new Set([buildWarehouse().workspaceId]),
    ...overrides,
  };
}

function record(finding: Finding, overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    fingerprint: finding.fingerprint,
    issueId: '10001',
    issueKey: 'FIN-1',
    ruleId: finding.ruleId,
    workspaceId: finding.resource.workspaceId,
    resourceKind: finding.resource.kind,
    resourceId: finding.resource.id,
    state: 'open',
    contentHash: 'hash-1',
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    owner: null,
    team: null,
    firstSeenAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-01T00:00:00Z',
    declinedAt: null,
    resolvedAt: null,
    ...overrides,
  };
}

function tracked(finding: Finding, overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  return {
    id: '10001',
    key: 'FIN-1',
    status: 'To Do',
    statusCategory: 'new',
    labels: [`lw-fp-${finding.fingerprint}`],
    fingerprint: finding.fingerprint,
    contentHash: 'hash-1',
    estimatedSavingsUsd: finding.estimate.usdPerMonth,
    updated: '2026-11-10T00:00:00Z',
    ...overrides,
  };
}

const idle = buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 120 } });
const finding = findingOf('warehouse-auto-stop-too-long', idle);

describe('planSync with a snooze (issue 13 item 5)', () => {
  const snoozed = (until: string) => policy({ snoozes: new Map([[finding.fingerprint, { until, by: 'Dana Owner' }]]) });

  it('leaves a snoozed issue alone until the date: no update, no re-file after a decline, no resolve', () => {
    const active = snoozed('2026-12-01T00:00:00Z');
    expect(planSync([prepared(finding, 'hash-2')], [record(finding)], [tracked(finding)], active)).toEqual([
      expect.objectContaining({ op: 'snoozed', issueId: '10001', until: '2026-12-01T00:00:00Z', by: 'Dana Owner' }),
    ]);
    const declinedLongAgo = tracked(finding, { status: "Won't Do", statusCategory: 'done' });
    const old = record(finding, { declinedAt: '2026-01-01T00:00:00Z', state: 'declined' });
    expect(planSync([prepared(finding)], [old], [declinedLongAgo], active)[0]?.op).toBe('snoozed');
    // The finding disappeared while snoozed: the issue is not resolved either.
    expect(planSync([], [record(finding)], [tracked(finding)], active)).toEqual([]);
  });

  it('acts normally once the snooze ended', () => {
    const ended = snoozed('2026-11-20T11:59:59Z');
    expect(planSync([prepared(finding, 'hash-2')], [record(finding)], [tracked(finding)], ended)[0]?.op).toBe('update');
    expect(planSync([], [record(finding)], [tracked(finding)], ended)[0]?.op).toBe('resolve');
  });

  it('a snooze never blocks filing a finding that has no issue yet', () => {
    expect(planSync([prepared(finding)], [], [], snoozed('2026-12-01T00:00:00Z'))[0]?.op).toBe('create');
  });
});
