import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_OWNER_ACCOUNT_ID, type FakeUser } from '../../support/fake-jira.ts';
import { createHarness, type Harness, type HarnessOptions } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  // Log hygiene over the whole run of every scenario (reliability.md §9 item 27).
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

const APPROVERS_GROUP = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const APPROVER: FakeUser = {
  accountId: '712020:aaaaaaaa-0000-4000-8000-00000000a001',
  displayName: 'Alex Approver',
  emailAddress: 'alex@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'finops-approvers', groupId: APPROVERS_GROUP }],
};

async function setup(options: HarnessOptions = {}) {
  const h = await createHarness({ users: [APPROVER], ...options });
  harness = h;
  const { issueId, issueKey } = await h.scan();
  return { h, issueId, issueKey };
}

const posts = (h: Harness) => h.dbx.calls().filter((c) => c.method === 'POST');
const comments = (h: Harness, issueId: string) =>
  (h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? []).map((c) => JSON.stringify(c.body));

const statusOf = (h: Harness, issueId: string) => h.jira.state.issues.find((i) => i.id === issueId)?.statusName;

describe('the checks before any write (the API wins over the payload)', () => {
  it('an "Approved" delivery that arrives after the issue was reopened → nothing written, no comment', async () => {
    const { h, issueId, issueKey } = await setup();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    const approvedBody = h.webhookBody(issueId);
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'To Do');
    expect((await h.deliver(approvedBody)).status).toBe(202);
    await h.drain();
    expect(posts(h)).toEqual([]);
    expect(await h.ports.actions.list({ limit: 5 })).toEqual([]);
    expect(comments(h, issueId)).toEqual([]);
  });

  it('a replayed approval older than maxAgeHours → refused as stale with a comment, nothing written', async () => {
    const { h, issueId, issueKey } = await setup({ remediation: { approval: { maxAgeHours: 0.0001 } } });
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();
    expect(posts(h)).toEqual([]);
    expect(comments(h, issueId).join()).toContain('is older than');
    // Visible where the owner looks: back to the open status, not left in Approved.
    expect(statusOf(h, issueId)).toBe('To Do');
  });

  it('an approver in the configured group (by groupId): a failing group lookup defers (fail closed), the retry applies once', async () => {
    const { h, issueId, issueKey } = await setup({
      remediation: { approval: { approverGroupIds: [APPROVERS_GROUP] } },
    });
    h.jira.transitionAs(issueKey, APPROVER.accountId, 'Approved');
    h.jira.failNext('GET', /^\/rest\/api\/3\/user\/groups$/, 503, {}, 4);
    await h.deliver(h.webhookBody(issueId));
    expect((await h.runtime.workOnce()).kind).toBe('deferred');
    expect(posts(h)).toEqual([]);
    await h.drain();
    expect(posts(h)).toHaveLength(1);
    const [action] = await h.ports.actions.list({ limit: 5 });
    expect(action?.state).toBe('verified');
    expect(action?.approver).toEqual({ accountId: APPROVER.accountId, displayName: 'Alex Approver' });
  });

  it('a user outside the approver groups who is not the assignee → refused with a comment, nothing written', async () => {
    const { h, issueId, issueKey } = await setup({
      remediation: { approval: { approverGroupIds: ['some-other-group'] } },
    });
    h.jira.transitionAs(issueKey, APPROVER.accountId, 'Approved');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();
    expect(posts(h)).toEqual([]);
    expect(comments(h, issueId).join()).toContain('Alex Approver is neither the assignee');
    expect(statusOf(h, issueId)).toBe('To Do');
  });

  it('the status a refusal returns the issue to is configurable (remediation.approval.refusalStatus)', async () => {
    const { h, issueId, issueKey } = await setup({
      remediation: { approval: { approverGroupIds: ['some-other-group'], refusalStatus: 'Remediation Failed' } },
    });
    h.jira.transitionAs(issueKey, APPROVER.accountId, 'Approved');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();
    expect(posts(h)).toEqual([]);
    expect(statusOf(h, issueId)).toBe('Remediation Failed');
  });
});
