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
      projectKey: undefined,
      summary: 's',
      description: { type: 'doc', version: 1, content: [] },
      labels: [],
      assigneeAccountId: undefined,
      components: [],
      estimatedSavingsUsd: finding.estimate.usdPerMonth,
      property: {},
      contentHash,
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

describe('planSync', () => {
  it('creates an issue for a new finding', () => {
    expect(planSync([prepared(finding)], [], [], policy()).map((o) => o.op)).toEqual(['create']);
  });

  it('leaves an open issue with the same content hash unchanged, and updates it when the hash differs', () => {
    expect(planSync([prepared(finding)], [record(finding)], [tracked(finding)], policy())[0]?.op).toBe('unchanged');
    expect(planSync([prepared(finding, 'hash-2')], [record(finding)], [tracked(finding)], policy())[0]?.op).toBe(
      'update',
    );
  });

  it('finds the issue through Jira when the store lost it (rebuild from labels)', () => {
    const ops = planSync([prepared(finding)], [], [tracked(finding)], policy());
    expect(ops).toMatchObject([{ op: 'unchanged', issueId: '10001', issueKey: 'FIN-1' }]);
  });

  it('trusts the store when the search has not caught up yet (eventual consistency)', () => {
    expect(planSync([prepared(finding)], [record(finding)], [], policy())[0]?.op).toBe('unchanged');
  });

  it('keeps a declined issue suppressed, and files again when materially worse or after the snooze', () => {
    const declined = tracked(finding, { status: "Won't Do", statusCategory: 'done' });
    expect(planSync([prepared(finding)], [record(finding)], [declined], policy())[0]?.op).toBe('suppressed');
    const worse = tracked(finding, {
      status: "Won't Do",
      statusCategory: 'done',
      estimatedSavingsUsd: finding.estimate.usdPerMonth / 2,
    });
    expect(planSync([prepared(finding)], [record(finding)], [worse], policy())[0]).toMatchObject({
      op: 'create',
      reason: 'worse-than-declined',
    });
    const old = record(finding, { state: 'declined', declinedAt: '2026-07-01T00:00:00Z' });
    expect(planSync([prepared(finding)], [old], [declined], policy())[0]).toMatchObject({
      op: 'create',
      reason: 'snooze-expired',
    });
    expect(planSync([prepared(finding)], [old], [declined], policy({ declinedSnoozeDays: 0 }))[0]?.op).toBe(
      'suppressed',
    );
  });

  it('respects an issue a person closed while the finding persists', () => {
    const closed = tracked(finding, { status: 'Done', statusCategory: 'done' });
    expect(planSync([prepared(finding)], [record(finding)], [closed], policy())[0]?.op).toBe('suppressed');
  });

  it('reopens the same issue when a finding lakewarden resolved comes back', () => {
    const closed = tracked(finding, { status: 'Done', statusCategory: 'done' });
    const resolved = record(finding, { state: 'resolved' });
    expect(planSync([prepared(finding)], [resolved], [closed], policy())[0]).toMatchObject({
      op: 'reopen',
      issueId: closed.id,
      issueKey: closed.key,
    });
  });

  it('files anew only when Jira no longer shows the issue lakewarden resolved', () => {
    const resolved = record(finding, { state: 'resolved' });
    expect(planSync([prepared(finding)], [resolved], [], policy())[0]).toMatchObject({
      op: 'create',
      reason: 'reappeared',
    });
  });

  it('resolves an open issue whose finding disappeared, only for active rules and scanned workspaces', () => {
    expect(planSync([], [record(finding)], [tracked(finding)], policy())).toMatchObject([
      { op: 'resolve', issueKey: 'FIN-1' },
    ]);
    expect(planSync([], [record(finding)], [tracked(finding)], policy({ activeRuleIds: new Set() }))).toEqual([]);
    expect(planSync([], [record(finding)], [tracked(finding)], policy({ scannedWorkspaceIds: new Set() }))).toEqual([]);
    const alreadyDone = tracked(finding, { status: 'Done', statusCategory: 'done' });
    expect(planSync([], [record(finding)], [alreadyDone], policy())).toEqual([]);
  });
});
