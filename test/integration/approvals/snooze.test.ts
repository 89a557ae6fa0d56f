import { afterEach, describe, expect, it } from 'vitest';
import { defaultWorkflow } from '../../support/fake-jira/default-workflow.ts';
import type { FakeComment, FakeUser } from '../../support/fake-jira.ts';
import { FAKE_BOT_ACCOUNT_ID, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, type Harness } from './approval-harness.ts';

const OUTSIDER: FakeUser = {
  accountId: '712020:bbbb2222-3333-4444-8555-666677778888',
  displayName: 'Olly Outsider',
  emailAddress: 'olly@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
};

const DAY_MS = 86_400_000;

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

async function start(): Promise<Harness> {
  harness = await createHarness({ users: [OUTSIDER] });
  // The scan runs on the real clock: the fake Jira (and the worker's clock, derived from it) follow it.
  harness.jira.state.now = Date.now();
  return harness;
}

/**
 * A Cloud `comment_created` delivery for a comment the fake holds (webhook payloads carry `comment` and `issue`,
 * https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-a-comment-related-event; the
 * body as wiki-markup text).
 */
function commentWebhook(h: Harness, issueId: string, comment: FakeComment, text: string): string {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  const author = h.jira.state.users.find((u) => u.accountId === comment.authorAccountId);
  return JSON.stringify({
    timestamp: Date.parse(comment.created.replace('+0000', 'Z')),
    webhookEvent: 'comment_created',
    issue: { id: issueId, key: issue?.key, fields: { labels: issue?.labels ?? [] } },
    comment: {
      id: comment.id,
      author: { accountId: comment.authorAccountId, displayName: author?.displayName },
      body: text,
      created: comment.created,
    },
  });
}

async function comment(h: Harness, issueId: string, accountId: string, text: string): Promise<void> {
  const posted = h.jira.commentAs(issueId, accountId, text);
  const response = await h.deliver(commentWebhook(h, issueId, posted, text));
  expect(response.status).toBe(202);
  await h.drain();
}

function botComments(h: Harness, issueId: string): string[] {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  return (issue?.comments ?? [])
    .filter((c) => c.authorAccountId === FAKE_BOT_ACCOUNT_ID)
    .map((c) => JSON.stringify(c.body));
}

function issueWrites(h: Harness, issueId: string, since: number) {
  return h.jira
    .writes()
    .slice(since)
    .filter((c) => c.path.startsWith(`/rest/api/3/issue/${issueId}`));
}

describe('snooze per issue (issue 13 item 5)', () => {
  it('a /lakewarden snooze comment by the owner is stored, shown on the issue and honoured by the next scan', async () => {
    const h = await start();
    const { issueId, issueKey } = await h.scan();
    const before = botComments(h, issueId).length;

    await comment(h, issueId, FAKE_OWNER_ACCOUNT_ID, 'Not now.\n/lakewarden snooze 30d waiting for the Q3 migration');

    const [snooze, ...others] = await h.store.listSnoozes();
    expect(others).toEqual([]);
    expect(snooze).toMatchObject({ issueId, issueKey, byAccountId: FAKE_OWNER_ACCOUNT_ID, byName: 'Dana Owner' });
    expect(snooze?.reason).toBe('waiting for the Q3 migration');
    const until = Date.parse(snooze?.until ?? '');
    expect(Math.abs(until - (h.jira.state.now + 30 * DAY_MS))).toBeLessThan(3_600_000);
    const replies = botComments(h, issueId).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(`Snoozed until ${snooze?.until.slice(0, 10)} (30 days) by Dana Owner.`);
    expect(replies[0]).toContain('waiting for the Q3 migration');

    // Someone edits the issue so the next scan would rewrite it: while snoozed it writes nothing to the issue.
    const fake = h.jira.state.issues.find((i) => i.id === issueId);
    if (fake === undefined) throw new Error('issue gone');
    fake.properties.lakewarden = { ...(fake.properties.lakewarden as object), contentHash: 'edited-in-jira' };
    const mark = h.jira.writes().length;
    await h.scan();
    expect(issueWrites(h, issueId, mark)).toEqual([]);
    expect(h.jira.state.issues.filter((i) => i.labels.includes('lakewarden'))).toHaveLength(1);

    // Once the snooze has ended the scan treats the issue as usual again (here: rewrites it).
    await h.store.upsertSnooze({
      ...(snooze ?? never()),
      until: new Date(Date.now() - 1000).toISOString(),
      source: 'test:ended',
    });
    const later = h.jira.writes().length;
    await h.scan();
    expect(issueWrites(h, issueId, later).map((c) => c.method)).toContain('PUT');
  });

  it('refuses a snooze by someone who is neither the assignee nor an approver, with a comment; stores nothing', async () => {
    const h = await start();
    const { issueId, issueKey } = await h.scan();
    await comment(h, issueId, OUTSIDER.accountId, '/lakewarden snooze 30d not my problem');
    expect(await h.store.listSnoozes()).toEqual([]);
    const replies = botComments(h, issueId);
    expect(replies.at(-1)).toContain('lakewarden did not snooze this issue.');
    expect(replies.at(-1)).toContain(
      `Olly Outsider may not snooze ${issueKey}: only its assignee or a member of an approver group can.`,
    );
  });

  it('rejects a malformed command with the usage, and ignores the bot’s own comment', async () => {
    const h = await start();
    const { issueId } = await h.scan();
    await comment(h, issueId, FAKE_OWNER_ACCOUNT_ID, '/lakewarden snooze forever');
    expect(await h.store.listSnoozes()).toEqual([]);
    expect(botComments(h, issueId).at(-1)).toContain(
      'The command was not understood: \\"forever\\" is not a duration in days such as 30d. Usage: /lakewarden snooze <days>d [reason]',
    );
    const count = botComments(h, issueId).length;
    await comment(h, issueId, FAKE_BOT_ACCOUNT_ID, '/lakewarden snooze 5d');
    expect(await h.store.listSnoozes()).toEqual([]);
    expect(botComments(h, issueId)).toHaveLength(count + 1); // only the bot's own comment itself
  });

  it('one comment delivered twice (a retry, a second webhook) is one snooze and one reply', async () => {
    const h = await start();
    const { issueId } = await h.scan();
    const text = '/lakewarden snooze 14d';
    const posted = h.jira.commentAs(issueId, FAKE_OWNER_ACCOUNT_ID, text);
    const body = commentWebhook(h, issueId, posted, text);
    expect((await h.deliver(body, 'delivery-a')).status).toBe(202);
    expect((await h.deliver(body, 'delivery-b')).status).toBe(202);
    await h.drain();
    expect(await h.store.listSnoozes()).toHaveLength(1);
    expect(botComments(h, issueId).filter((c) => c.includes('Snoozed until'))).toHaveLength(1);
  });
});

describe('snooze by the configured status (approvals.snooze.status)', () => {
  it('a move to the snooze status by the owner snoozes for statusDays; by someone else it is refused', async () => {
    const workflow = defaultWorkflow();
    workflow.statuses.push({ id: '10200', name: 'Snoozed', category: 'indeterminate' });
    workflow.transitions.push({ id: '81', name: 'Snooze', from: ['To Do'], to: 'Snoozed' });
    workflow.transitions.push({ id: '82', name: 'Wake', from: ['Snoozed'], to: 'To Do' });
    harness = await createHarness({
      users: [OUTSIDER],
      workflow,
      approvals: { snooze: { status: 'Snoozed', statusDays: 21 } },
    });
    const h = harness;
    h.jira.state.now = Date.now();
    const { issueId, issueKey } = await h.scan();

    h.jira.transitionAs(issueKey, OUTSIDER.accountId, 'Snoozed');
    expect((await h.deliver(h.webhookBody(issueId))).status).toBe(202);
    await h.drain();
    expect(await h.store.listSnoozes()).toEqual([]);
    expect(botComments(h, issueId).at(-1)).toContain(
      'Olly Outsider is not the assignee of FIN-1 and no approver group is configured.',
    );

    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'To Do');
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Snoozed');
    const move = h.jira.state.issues.find((i) => i.id === issueId)?.changelog.at(-1);
    expect((await h.deliver(h.webhookBody(issueId))).status).toBe(202);
    await h.drain();
    const [snooze] = await h.store.listSnoozes();
    expect(snooze).toMatchObject({ issueId, byAccountId: FAKE_OWNER_ACCOUNT_ID, source: `changelog:${move?.id}` });
    const movedAt = Date.parse((move?.created ?? '').replace('+0000', 'Z'));
    expect(Date.parse(snooze?.until ?? '')).toBe(movedAt + 21 * DAY_MS);
    expect(botComments(h, issueId).at(-1)).toContain('(21 days) by Dana Owner.');
  });
});

function never(): never {
  throw new Error('no snooze stored');
}
