import { afterEach, describe, expect, it } from 'vitest';
import { escapeWikiText } from '../../../src/jira-datacenter/render-wiki-markup.ts';
import { FAKE_DC_OWNER } from '../../support/fake-jira.ts';
import {
  ALL_ACTION_STATES,
  createHarness,
  type Harness,
  JIRA_TOKEN,
  warehouseEdits,
  workflowWithRollback,
} from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

const ALL_STATES = ALL_ACTION_STATES;
const edits = warehouseEdits;

function issueOf(h: Harness, issueId: string) {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  if (issue === undefined) throw new Error(`no issue ${issueId}`);
  return issue;
}

/** Every request went to REST v2 and none was refused (no ADF, no v3, no Cloud-only parameter). */
function expectDataCenterOnly(h: Harness): void {
  const calls = h.jira.calls();
  expect(calls.filter((c) => !c.path.startsWith('/rest/api/2/'))).toEqual([]);
  expect(calls.filter((c) => c.status >= 400 && !/\/properties\/lakewarden$/.test(c.path))).toEqual([]);
}

describe('approvals on Jira Data Center (REST v2, PAT, users by name, wiki-markup evidence)', () => {
  it('webhook: approval → fix → evidence comment in wiki markup → Done', async () => {
    const h = await createHarness({ flavour: 'datacenter' });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    expect(issueOf(h, issueId).statusName).toBe('To Do');
    expect(typeof issueOf(h, issueId).description).toBe('string');
    h.jira.transitionAs(issueKey, FAKE_DC_OWNER, 'Approved');

    // The delivery as Data Center sends it: the actor by name/key, signed with the webhook secret.
    const body = h.webhookBody(issueId);
    expect(JSON.parse(body).user).toMatchObject({ name: FAKE_DC_OWNER, key: FAKE_DC_OWNER });
    expect(JSON.parse(body).user).not.toHaveProperty('accountId');
    expect((await h.deliver(body, 'dc-delivery-1')).status).toBe(202);
    await h.drain();

    expect(edits(h)).toHaveLength(1);
    const [action, ...more] = await h.ports.actions.listByStates([...ALL_STATES]);
    expect(more).toEqual([]);
    expect(action).toMatchObject({ state: 'verified', issueId, approver: { accountId: FAKE_DC_OWNER } });
    const issue = issueOf(h, issueId);
    expect(issue.statusName).toBe('Done');
    // Wiki markup escapes the action id's dashes (render-wiki-markup.ts).
    const actionId = escapeWikiText(action?.id ?? '—');
    const evidence = issue.comments.map((c) => c.body).find((b) => String(b).includes(actionId));
    expect(typeof evidence).toBe('string');
    expect(String(evidence)).toContain('auto\\_stop\\_mins');
    expectDataCenterOnly(h);
    expect(h.logs.join('\n')).not.toContain(JIRA_TOKEN);
  });

  it('poll: an approval found by POST /rest/api/2/search is applied once', async () => {
    const h = await createHarness({ flavour: 'datacenter', approvals: { intake: 'poll' } });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_DC_OWNER, 'Approved');

    const first = await h.poll();
    expect(first).toMatchObject({ issues: 1, recorded: 1, duplicates: 0 });
    const search = h.jira
      .calls()
      .filter((c) => c.path === '/rest/api/2/search')
      .at(-1);
    expect((search?.body as { jql?: string } | undefined)?.jql).toMatch(/^labels = lakewarden AND updated >= "-\d+m"/);
    await h.drain();

    expect(edits(h)).toHaveLength(1);
    expect(issueOf(h, issueId).statusName).toBe('Done');
    expect((await h.poll()).recorded).toBe(0);
    await h.drain();
    expect(edits(h)).toHaveLength(1);
    expectDataCenterOnly(h);
  });

  it('rollback: the owner moves the issue to "Rollback Requested" → the previous value is written back once, the issue moves to Rolled Back', async () => {
    const h = await createHarness({ flavour: 'datacenter', workflow: workflowWithRollback() });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_DC_OWNER, 'Approved');
    await h.deliver(h.webhookBody(issueId), 'dc-approve');
    await h.drain();
    const target = (edits(h)[0]?.body as { auto_stop_mins?: number } | undefined)?.auto_stop_mins;
    expect(issueOf(h, issueId).statusName).toBe('Done');

    h.jira.transitionAs(issueKey, FAKE_DC_OWNER, 'Rollback Requested');
    await h.deliver(h.webhookBody(issueId), 'dc-rollback');
    await h.drain();
    expect(edits(h).map((w) => w.body)).toEqual([{ auto_stop_mins: target }, { auto_stop_mins: 0 }]);
    const rollback = (await h.ports.actions.list({ limit: 10 })).find((a) => a.actionKey.startsWith('rollback:'));
    expect(rollback).toMatchObject({ state: 'verified', approver: { accountId: FAKE_DC_OWNER } });
    // jira.statuses.rolledBack (default "Rolled Back"): its own status, not Done.
    expect(issueOf(h, issueId).statusName).toBe('Rolled Back');
    expectDataCenterOnly(h);
  });
});
