import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_OWNER_ACCOUNT_ID, type FakeUser } from '../../support/fake-jira.ts';
import { createHarness, type Harness, WAREHOUSE_ID, workflowWithRollback } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  // Log hygiene over the whole run of every scenario (reliability.md §9 item 27).
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

const STRANGER: FakeUser = {
  accountId: '712020:99999999-0000-4000-8000-00000000beef',
  displayName: 'Sam Stranger',
  emailAddress: 'sam@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
};

async function verifiedChange() {
  const h = await createHarness({ workflow: workflowWithRollback(), users: [STRANGER] });
  harness = h;
  const { issueId, issueKey } = await h.scan();
  h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
  await h.deliver(h.webhookBody(issueId));
  await h.drain();
  const target = h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins;
  expect(target).not.toBe(0);
  expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Done');
  return { h, issueId, issueKey, target };
}

const writes = (h: Harness) => h.dbx.appliedWrites().filter((c) => c.path.endsWith('/edit'));

describe('rollback on the configured rollback status', () => {
  it('the owner moves the issue to "Rollback Requested" → a new action writes the previous value back and verifies it, once', async () => {
    const { h, issueId, issueKey, target } = await verifiedChange();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Rollback Requested');
    const body = h.webhookBody(issueId);
    await Promise.all([h.deliver(body, 'rb-1'), h.deliver(body, 'rb-1'), h.deliver(body, 'rb-2')]);
    await h.drain();

    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(0);
    expect(writes(h).map((w) => w.body)).toEqual([{ auto_stop_mins: target }, { auto_stop_mins: 0 }]);
    const actions = await h.ports.actions.list({ limit: 10 });
    expect(actions).toHaveLength(2);
    const rollback = actions.find((a) => a.actionKey.startsWith('rollback:'));
    expect(rollback).toMatchObject({
      state: 'verified',
      previousValue: { auto_stop_mins: target },
      observedValue: { auto_stop_mins: 0 },
      approver: { accountId: FAKE_OWNER_ACCOUNT_ID },
    });
    const comments = h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
    const evidence = comments.filter((c) => JSON.stringify(c.body).includes(rollback?.id ?? '—'));
    expect(evidence).toHaveLength(1);
    // Says "rolled back", not "applied", and the issue goes to its own status, not back to Done.
    expect(JSON.stringify(evidence[0]?.body)).toContain('rolled back its change as requested');
    expect(JSON.stringify(evidence[0]?.body)).not.toContain('applied the approved change');
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Rolled Back');
    // The undone change is no longer verified (reports stop counting it).
    expect(actions.find((a) => a.id === rollback?.rollbackOf)).toMatchObject({
      state: 'rolled_back',
      reason: 'rolled_back_on_request',
    });
  });

  it('a rollback requested by someone who is neither the assignee nor an approver is refused with a comment, nothing written', async () => {
    const { h, issueId, issueKey, target } = await verifiedChange();
    h.jira.transitionAs(issueKey, STRANGER.accountId, 'Rollback Requested');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();
    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(target);
    expect(writes(h)).toHaveLength(1);
    expect(await h.ports.actions.list({ limit: 10 })).toHaveLength(1);
    const comments = h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
    expect(JSON.stringify(comments.at(-1)?.body)).toContain('Sam Stranger is not the assignee');
  });

  it('nothing to roll back (the approval ran as a dry run) → a comment says so, nothing written', async () => {
    const h = await createHarness({ workflow: workflowWithRollback(), dryRun: true });
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Done');
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Rollback Requested');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();
    expect(h.dbx.calls().filter((c) => c.method === 'POST')).toEqual([]);
    const comments = h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
    expect(JSON.stringify(comments.at(-1)?.body)).toContain('has no change made by lakewarden to roll back');
  });
});

describe('rollback on demand from the CLI (lakewarden actions rollback <id> --as <accountId>)', () => {
  it('the assignee rolls back a verified change → previous value restored and verified, "rolled back" comment, own status', async () => {
    const { h, issueId, target } = await verifiedChange();
    const [original] = await h.ports.actions.list({ limit: 1 });
    if (original === undefined) throw new Error('no action');
    const outcome = await h.runtime.rollbackAction(original.id, FAKE_OWNER_ACCOUNT_ID);
    expect(outcome.kind).toBe('executed');
    await h.drain();
    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(0);
    expect(writes(h).map((w) => w.body)).toEqual([{ auto_stop_mins: target }, { auto_stop_mins: 0 }]);
    const actions = await h.ports.actions.list({ limit: 10 });
    expect(actions.find((a) => a.rollbackOf === original.id)).toMatchObject({
      state: 'verified',
      actionKey: `rollback:cli:${original.id}`,
      observedValue: { auto_stop_mins: 0 },
      approver: { accountId: FAKE_OWNER_ACCOUNT_ID },
    });
    expect(actions.find((a) => a.id === original.id)?.state).toBe('rolled_back');
    const comments = h.jira.state.issues.find((i) => i.id === issueId)?.comments ?? [];
    expect(JSON.stringify(comments.at(-1)?.body)).toContain('rolled back its change as requested');
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Rolled Back');
    // Once only: a second request finds nothing verified to undo.
    expect(await h.runtime.rollbackAction(original.id, FAKE_OWNER_ACCOUNT_ID)).toMatchObject({
      kind: 'refused',
      reason: 'not_undoable',
    });
    expect(writes(h)).toHaveLength(2);
  });

  it('someone who is neither the assignee nor in an approver group is refused, nothing written', async () => {
    const { h, target } = await verifiedChange();
    const [original] = await h.ports.actions.list({ limit: 1 });
    if (original === undefined) throw new Error('no action');
    expect(await h.runtime.rollbackAction(original.id, STRANGER.accountId)).toMatchObject({
      kind: 'refused',
      reason: 'unauthorized',
    });
    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(target);
    expect(writes(h)).toHaveLength(1);
  });
});
