import { describe, expect, it } from 'vitest';
import { planSync } from '../../../src/tickets/plan-sync.ts';
import { finding, policy, prepared, record, tracked } from '../../support/plan-sync-builders.ts';

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
