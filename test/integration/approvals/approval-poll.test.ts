import { afterEach, describe, expect, it } from 'vitest';
import { POLL_WATERMARK_KEY } from '../../../src/service/create-poll-intake.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { ALL_ACTION_STATES, createHarness, type Harness, warehouseEdits } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

const ALL_STATES = ALL_ACTION_STATES;
const edits = warehouseEdits;

function statusOf(h: Harness, issueId: string): string | undefined {
  return h.jira.state.issues.find((i) => i.id === issueId)?.statusName;
}

async function inboxSources(h: Harness): Promise<string[]> {
  const rows = await h.store.db.selectFrom('inbox').select(['source', 'delivery_id']).orderBy('delivery_id').execute();
  return rows.map((r) => r.source);
}

describe('approvals by polling (approvals.intake: poll | both; issue 13 item 7)', () => {
  it('an approval found by polling only is applied once end to end, and overlapping polls do not repeat it', async () => {
    const h = await createHarness({ approvals: { intake: 'poll' } });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');

    const first = await h.poll();
    expect(first).toMatchObject({ issues: 1, recorded: 1, duplicates: 0 });
    // JQL search (POST /rest/api/3/search/jql) with a relative minute window.
    const search = h.jira
      .calls()
      .filter((c) => c.path === '/rest/api/3/search/jql')
      .at(-1);
    expect((search?.body as { jql?: string } | undefined)?.jql).toMatch(
      /^labels = lakewarden AND updated >= "-6[0-9]m" ORDER BY updated ASC$/,
    );
    await h.drain();

    expect(edits(h)).toHaveLength(1);
    const [action, ...more] = await h.ports.actions.listByStates([...ALL_STATES]);
    expect(more).toEqual([]);
    expect(action).toMatchObject({ state: 'verified', issueId, approver: { accountId: FAKE_OWNER_ACCOUNT_ID } });
    expect(statusOf(h, issueId)).toBe('Done');
    const comments = h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
    expect(comments.some((c) => JSON.stringify(c.body).includes(action?.id ?? '—'))).toBe(true);

    // The next poll overlaps the previous window: the approval is seen again but stored once.
    const second = await h.poll();
    expect(second.recorded).toBe(0);
    expect(second.duplicates).toBe(1);
    // First window: 60 min look-back + 5 min overlap; the second starts 5 min before the first poll started.
    expect(Date.parse(second.since)).toBe(Date.parse(first.since) + 60 * 60_000);
    await h.drain();
    expect(edits(h)).toHaveLength(1);
    expect(await inboxSources(h)).toEqual(['jira-poll']);
  });

  it('a webhook and a poll of one approval are one action and one Databricks write', async () => {
    const h = await createHarness({ approvals: { intake: 'both' } });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    expect((await h.deliver(h.webhookBody(issueId), 'webhook-delivery-1')).status).toBe(202);
    expect((await h.poll()).recorded).toBe(1);
    // Both intakes stored their delivery; the worker handles both.
    expect((await inboxSources(h)).sort()).toEqual(['jira-poll', 'jira-webhook']);

    await h.drain();

    expect(edits(h)).toHaveLength(1);
    const actions = await h.ports.actions.listByStates([...ALL_STATES]);
    expect(actions.map((a) => a.state)).toEqual(['verified']);
    expect(statusOf(h, issueId)).toBe('Done');
    const evidence = (h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? []).filter((c) =>
      JSON.stringify(c.body).includes(actions[0]?.id ?? '—'),
    );
    expect(evidence).toHaveLength(1);
  });

  it('picks up a /lakewarden snooze comment by polling, and ignores changes older than the window', async () => {
    const h = await createHarness({ approvals: { intake: 'poll', poll: { firstLookbackMinutes: 30 } } });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.commentAs(issueKey, FAKE_OWNER_ACCOUNT_ID, '/lakewarden snooze 10d');
    expect(await h.poll()).toMatchObject({ issues: 1, recorded: 1 });
    await h.drain();
    expect(await h.store.listSnoozes()).toEqual([
      expect.objectContaining({
        issueId,
        byAccountId: FAKE_OWNER_ACCOUNT_ID,
        source: expect.stringMatching(/^comment:/),
      }),
    ]);

    // An approval two hours before the next poll is outside its window (watermark − overlap): not recorded.
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    h.jira.state.now += 2 * 3_600_000;
    await h.store.db
      .updateTable('settings')
      .set({ value: new Date(h.jira.state.now).toISOString() })
      .where('key', '=', POLL_WATERMARK_KEY)
      .execute();
    expect(await h.poll()).toMatchObject({ issues: 0, recorded: 0 });
    expect(edits(h)).toHaveLength(0);
  });
});
