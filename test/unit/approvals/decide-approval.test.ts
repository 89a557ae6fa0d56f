import { describe, expect, it } from 'vitest';
import { actionKey } from '../../../src/approvals/action-key.ts';
import { type DecideApprovalInput, decideApproval } from '../../../src/approvals/decide-approval.ts';
import {
  APPROVED_AT,
  approvalPolicy,
  BOT,
  fetchedIssue,
  fixtureChangelog,
  OWNER,
  statusEntry,
} from '../../support/approval-builders.ts';

const NOW = new Date('2026-09-26T10:45:00Z');
const hint = {
  actor: { accountId: OWNER, name: null, key: null },
  statusChange: { from: '10001', fromName: 'To Do', to: '10100', toName: 'Approved' },
  transitionClaimed: false,
  changelogId: '10871',
};

function decide(overrides: Partial<DecideApprovalInput> = {}) {
  return decideApproval({
    issue: fetchedIssue(),
    hint,
    botAccountId: BOT,
    policy: approvalPolicy(),
    groups: undefined,
    now: NOW,
    ...overrides,
  });
}

describe('decideApproval', () => {
  it("acts on the owner's approval with approver and time from the changelog", () => {
    const decision = decide();
    expect(decision).toMatchObject({
      kind: 'act',
      approver: { accountId: OWNER },
      approvedAt: APPROVED_AT,
      changelogId: '10871',
      authorisedAs: 'assignee',
    });
    expect(decision.kind === 'act' && decision.actionKey).toBe(
      actionKey({
        fingerprint: '3f9a1c0d5e7b2a46',
        strategy: 'warehouse-auto-stop',
        changes: [{ field: 'auto_stop_mins', after: 10 }],
        changelogId: '10871',
      }),
    );
  });

  it('gives two deliveries of one transition (different ids, Automation without changelog id) the same action key', () => {
    const a = decide();
    const b = decide({ hint: { ...hint, changelogId: null, statusChange: null, transitionClaimed: true } });
    expect(a.kind === 'act' && b.kind === 'act' && a.actionKey === b.actionKey).toBe(true);
  });

  it('gives a re-approval (Approved → To Do → Approved) a new action key', () => {
    const changelog = [
      ...fixtureChangelog(),
      statusEntry('10880', OWNER, '2026-09-26T10:42:00.000+0000', 'Approved', 'To Do'),
      statusEntry('10881', OWNER, '2026-09-26T10:43:00.000+0000', 'To Do', 'Approved'),
    ];
    const first = decide();
    const second = decide({ issue: fetchedIssue({ changelog }), hint: { ...hint, changelogId: '10881' } });
    expect(second).toMatchObject({ kind: 'act', changelogId: '10881' });
    expect(first.kind === 'act' && second.kind === 'act' && first.actionKey !== second.actionKey).toBe(true);
  });

  it("ignores the bot's own transitions (echo) and deliveries without a status change", () => {
    expect(decide({ hint: { ...hint, actor: { accountId: BOT, name: null, key: null } } })).toEqual({
      kind: 'ignore',
      reason: 'bot_echo',
    });
    expect(decide({ hint: { ...hint, statusChange: null } })).toEqual({ kind: 'ignore', reason: 'no_status_change' });
  });

  it("refuses silently on issues that are not lakewarden's", () => {
    expect(decide({ issue: fetchedIssue({ labels: ['other'] }) })).toMatchObject({
      kind: 'refuse',
      reason: 'not_ours',
      notify: false,
    });
    expect(decide({ issue: fetchedIssue({ property: { hello: 1 } }) })).toMatchObject({ reason: 'not_ours' });
  });

  it('uses the re-fetched status when the payload lies (payload Approved, API To Do) — out-of-order events', () => {
    const decision = decide({ issue: fetchedIssue({ status: { id: '10001', name: 'To Do' } }) });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'not_approved' });
  });

  it('refuses when the payload actor differs from the changelog author (the API wins)', () => {
    const decision = decide({ hint: { ...hint, actor: { accountId: 'someone-else', name: null, key: null } } });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'actor_mismatch', notify: false });
  });

  it('refuses an approval older than the maximum age (replay of an old delivery)', () => {
    const decision = decide({ now: new Date('2026-09-27T10:41:03Z') });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'stale', notify: true });
    expect(decision.kind === 'refuse' && decision.message).toMatch(/older than 24 h/);
  });

  it('refuses when the latest status change is not the move into Approved (looped transition)', () => {
    const changelog = [
      ...fixtureChangelog(),
      statusEntry('10890', OWNER, '2026-09-26T10:44:00.000+0000', 'Approved', 'Review'),
    ];
    expect(decide({ issue: fetchedIssue({ changelog }) })).toMatchObject({ kind: 'refuse', reason: 'not_latest' });
  });

  it('treats a delivery for an older approving entry as superseded', () => {
    expect(decide({ hint: { ...hint, changelogId: '10700' } })).toMatchObject({ reason: 'not_latest', notify: false });
  });

  it('orders the changelog by time, not by array position', () => {
    const shuffled = [...fixtureChangelog()].reverse();
    expect(decide({ issue: fetchedIssue({ changelog: shuffled }) })).toMatchObject({
      kind: 'act',
      changelogId: '10871',
    });
  });

  it('refuses an approval made by the bot account', () => {
    const changelog = [...fixtureChangelog().slice(0, 2), statusEntry('10871', BOT, APPROVED_AT, 'To Do', 'Approved')];
    const decision = decide({
      issue: fetchedIssue({ changelog }),
      hint: { ...hint, actor: { accountId: null, name: 'x', key: 'x' } },
    });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'bot_actor', notify: true });
  });

  it('refuses self-approval by a reporter who is not the assignee', () => {
    const reporter = { accountId: 'reporter-1', displayName: 'Rita Reporter' };
    const changelog = [
      ...fixtureChangelog().slice(0, 2),
      statusEntry('10871', reporter.accountId, APPROVED_AT, 'To Do', 'Approved'),
    ];
    const issue = fetchedIssue({ reporter, changelog });
    const decision = decide({
      issue,
      hint: { ...hint, actor: { accountId: reporter.accountId, name: null, key: null } },
      groups: { ok: true, groupIds: ['grp-finops'] },
    });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'self_approval' });
    expect(decision.kind === 'refuse' && decision.message).toContain('reported FINOPS-17');
  });

  it('refuses a reporter who is also the assignee (created the issue, assigned it, approved it)', () => {
    const owner = { accountId: OWNER, displayName: 'Dana Owner' };
    const decision = decide({
      issue: fetchedIssue({ reporter: owner }),
      groups: { ok: true, groupIds: ['grp-finops'] },
    });
    expect(decision).toMatchObject({ kind: 'refuse', reason: 'self_approval', notify: true });
    expect(decision.kind === 'refuse' && decision.message).toContain('even as its assignee');
  });

  it('does not count a self-assignment as being the assignee: such an approver needs an approver group', () => {
    const selfAssign = {
      id: '10860',
      author: { accountId: OWNER, displayName: 'Dana Owner' },
      created: '2026-09-26T10:30:00.000+0000',
      items: [{ field: 'assignee', from: null, fromString: null, to: OWNER, toString: 'Dana Owner' }],
    };
    const issue = fetchedIssue({ changelog: [...fixtureChangelog(), selfAssign] });
    expect(decide({ issue, groups: { ok: true, groupIds: [] } })).toMatchObject({
      kind: 'refuse',
      reason: 'unauthorized',
    });
    expect(decide({ issue, groups: { ok: true, groupIds: ['grp-finops'] } })).toMatchObject({
      kind: 'act',
      authorisedAs: 'group',
    });
  });

  describe('approvers other than the assignee', () => {
    const approver = 'approver-7';
    const changelog = [
      ...fixtureChangelog().slice(0, 2),
      statusEntry('10871', approver, APPROVED_AT, 'To Do', 'Approved'),
    ];
    const base = {
      issue: fetchedIssue({ changelog }),
      hint: { ...hint, actor: { accountId: approver, name: null, key: null } },
    };

    it('acts for a member of the approver group (by groupId)', () => {
      expect(decide({ ...base, groups: { ok: true, groupIds: ['grp-other', 'grp-finops'] } })).toMatchObject({
        kind: 'act',
        authorisedAs: 'group',
      });
    });

    it('refuses a non-member', () => {
      expect(decide({ ...base, groups: { ok: true, groupIds: ['grp-other'] } })).toMatchObject({
        reason: 'unauthorized',
      });
    });

    it('fails closed and retries when the group lookup failed', () => {
      expect(decide({ ...base, groups: { ok: false, error: '503' } })).toMatchObject({
        kind: 'refuse',
        reason: 'group_lookup_failed',
        retryable: true,
      });
      expect(decide({ ...base, groups: undefined })).toMatchObject({ reason: 'group_lookup_failed' });
    });

    it('uses the per-rule group list over the default', () => {
      const policy = approvalPolicy({ approverGroupIdsByRule: { 'warehouse-auto-stop': ['grp-dba'] } });
      expect(decide({ ...base, policy, groups: { ok: true, groupIds: ['grp-finops'] } })).toMatchObject({
        reason: 'unauthorized',
      });
      expect(decide({ ...base, policy, groups: { ok: true, groupIds: ['grp-dba'] } })).toMatchObject({ kind: 'act' });
    });

    it('refuses when no group is configured, and the assignee too when assignees may not approve', () => {
      const policy = approvalPolicy({ approverGroupIds: [] });
      expect(decide({ ...base, policy, groups: { ok: true, groupIds: ['grp-finops'] } })).toMatchObject({
        reason: 'unauthorized',
      });
      expect(
        decide({ policy: approvalPolicy({ assigneeMayApprove: false }), groups: { ok: true, groupIds: [] } }),
      ).toMatchObject({
        reason: 'unauthorized',
      });
    });
  });
});
