import { describe, expect, it } from 'vitest';
import { planSync } from '../../../src/tickets/plan-sync.ts';
import { finding, policy, prepared, record, tracked } from '../../support/plan-sync-builders.ts';

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
