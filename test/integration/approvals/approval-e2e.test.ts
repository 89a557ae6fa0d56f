import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/store/history-store.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, type Harness, JIRA_TOKEN, WAREHOUSE_ID, WEBHOOK_SECRET } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  // Log hygiene over the whole run of every scenario (reliability.md §9 item 27).
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

function commentText(h: Harness, issueId: string): string[] {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  return (issue?.comments ?? []).map((c) => JSON.stringify(c.body));
}

function statusOf(h: Harness, issueId: string): string | undefined {
  return h.jira.state.issues.find((i) => i.id === issueId)?.statusName;
}

function edits(h: Harness) {
  return h.dbx.appliedWrites().filter((c) => c.path === `/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`);
}

describe('approval end to end: scan → Jira → Approved → signed webhook → Databricks → evidence', () => {
  it('applies the approved change once, reads it back, comments the evidence and moves the issue to Done', async () => {
    const h = await createHarness();
    harness = h;
    const { issueId, issueKey } = await h.scan();
    expect(statusOf(h, issueId)).toBe('To Do');
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    const approval = h.jira.state.issues.find((i) => i.id === issueId)?.changelog.at(-1);

    const response = await h.deliver(h.webhookBody(issueId), '71839201554120037');
    expect(response.status).toBe(202);
    // The handler only persisted the delivery: nothing was read from Jira or written to Databricks yet.
    expect(h.dbx.calls()).toHaveLength(0);

    await h.drain();

    const writes = edits(h);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.body).toEqual({ auto_stop_mins: expect.any(Number) });
    expect(writes[0]?.userAgent).toMatch(/^lakewarden-remediation\/0\.1\.0-test/);
    const target = (writes[0]?.body as { auto_stop_mins?: number } | undefined)?.auto_stop_mins ?? -1;
    expect(target).toBeGreaterThanOrEqual(10);
    expect(h.dbx.warehouses.get(WAREHOUSE_ID)?.auto_stop_mins).toBe(target);
    // read back after the write
    const gets = h.dbx.calls().filter((c) => c.method === 'GET');
    expect(gets.length).toBeGreaterThanOrEqual(2);

    const [action] = await h.ports.actions.listByStates(['verified']);
    expect(action?.state).toBe('verified');
    expect(action?.approver?.accountId).toBe(FAKE_OWNER_ACCOUNT_ID);
    expect(action?.changelogId).toBe(approval?.id);
    expect(action?.previousValue).toEqual({ auto_stop_mins: 0 });
    expect(action?.observedValue).toEqual({ auto_stop_mins: target });

    const comments = commentText(h, issueId);
    const evidence = comments.find((c) => c.includes(action?.id ?? '—'));
    expect(evidence).toBeDefined();
    expect(evidence).toContain('Dana Owner');
    expect(evidence).toContain(action?.approvedAt ?? '—');
    expect(evidence).toContain('auto_stop_mins');
    const chain = await verifyChain(h.store);
    expect(chain.ok).toBe(true);
    const hashes = (
      await h.store.db
        .selectFrom('history')
        .select('hash')
        .where('action_id', '=', action?.id ?? '')
        .execute()
    ).map((r) => r.hash);
    expect(hashes.some((hash) => evidence?.includes(hash))).toBe(true);
    expect(statusOf(h, issueId)).toBe('Done');

    // No secret in any captured log line or Jira text of the whole run.
    const jiraText = JSON.stringify(h.jira.state.issues);
    for (const secret of [JIRA_TOKEN, WEBHOOK_SECRET, h.dbx.token]) {
      expect(h.logs.join('\n')).not.toContain(secret);
      expect(jiraText).not.toContain(secret);
    }
    expect(h.logs.join('\n')).not.toMatch(/Bearer |dapi-/);
  });
});
