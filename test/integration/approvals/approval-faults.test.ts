import { afterEach, describe, expect, it } from 'vitest';
import type { FakeFault } from '../../support/fake-databricks-workspace.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, type Harness, type HarnessOptions, WAREHOUSE_ID } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  // Log hygiene over the whole run of every scenario (reliability.md §9 item 27).
  expect(harness?.secretLeaks() ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

const EDIT_PATH = new RegExp(`^/api/2\\.0/sql/warehouses/${WAREHOUSE_ID}/edit$`);
const GET_PATH = new RegExp(`^/api/2\\.0/sql/warehouses/${WAREHOUSE_ID}$`);

async function approved(options: HarnessOptions = {}) {
  const h = await createHarness(options);
  harness = h;
  const { issueId, issueKey } = await h.scan();
  h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
  return { h, issueId, issueKey, body: h.webhookBody(issueId) };
}

function applied(h: Harness) {
  return h.dbx.appliedWrites().filter((c) => EDIT_PATH.test(c.path));
}

function evidenceComments(h: Harness, issueId: string, actionId: string) {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  return (issue?.comments ?? []).filter((c) => JSON.stringify(c.body).includes(actionId));
}

async function onlyAction(h: Harness) {
  const actions = await h.ports.actions.list({ limit: 100 });
  expect(actions).toHaveLength(1);
  const [action] = actions;
  if (action === undefined) throw new Error('no action');
  return action;
}

describe('duplicates', () => {
  it('the same delivery 10× in parallel (and a later retry) → one stored delivery, one action, one write, one comment', async () => {
    const { h, issueId, body } = await approved();
    const responses = await Promise.all(Array.from({ length: 10 }, () => h.deliver(body, 'dup-delivery-1')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    const retried = await h.deliver(body, 'dup-delivery-1', { 'x-atlassian-webhook-retry': '1' });
    expect(retried.status).toBe(200);
    await h.drain();
    expect(applied(h)).toHaveLength(1);
    const action = await onlyAction(h);
    expect(action.state).toBe('verified');
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('lakewarden_webhook_deliveries_total{outcome="duplicate"} 10');
    expect(metrics).toContain('lakewarden_webhook_deliveries_total{outcome="accepted"} 1');
    expect(metrics).toContain('lakewarden_actions{state="verified"} 1');
    expect(metrics).toContain('lakewarden_inbox_pending 0');
  });

  it('two different deliveries for one transition (two webhooks registered) → one action, one write', async () => {
    const { h, issueId, body } = await approved();
    expect((await h.deliver(body, 'webhook-a-1')).status).toBe(202);
    expect((await h.deliver(body, 'webhook-b-1')).status).toBe(202);
    await h.drain();
    expect(applied(h)).toHaveLength(1);
    const action = await onlyAction(h);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
    const done = await h.store.db.selectFrom('inbox').select(['delivery_id', 'status']).execute();
    expect(done.map((d) => d.status)).toEqual(['done', 'done']);
  });
});

describe('rate limits and unavailability', () => {
  it('Databricks 503 on a read and 429 (Retry-After) on the write → waits at least Retry-After, one write lands', async () => {
    const { h, body } = await approved();
    h.dbx.inject('GET', GET_PATH, { type: 'status', status: 503 });
    h.dbx.inject('POST', EDIT_PATH, {
      type: 'status',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'rate limited' },
    });
    await h.deliver(body);
    await h.drain();
    expect(h.sleeps.some((ms) => ms >= 7000)).toBe(true);
    expect(applied(h)).toHaveLength(1);
    expect(h.dbx.calls().filter((c) => EDIT_PATH.test(c.path))).toHaveLength(2);
    expect((await onlyAction(h)).state).toBe('verified');
  });

  it('Databricks 503 + Retry-After on the write (outcome unknown) → read back shows the previous value → waits, one retry under the same action', async () => {
    const { h, body } = await approved();
    // 503 TEMPORARILY_UNAVAILABLE with Retry-After (https://docs.databricks.com/api/workspace/introduction).
    h.dbx.inject('POST', EDIT_PATH, { type: 'status', status: 503, headers: { 'retry-after': '6' } });
    await h.deliver(body);
    await h.drain();
    expect(applied(h)).toHaveLength(1);
    const action = await onlyAction(h);
    expect(action.state).toBe('verified');
    expect(action.attempts).toBe(2);
    // The new write waited at least Retry-After, after a read-back (never a blind re-write).
    expect(h.sleeps.some((ms) => ms >= 6000)).toBe(true);
    const edits = h.dbx.calls().filter((c) => EDIT_PATH.test(c.path) || GET_PATH.test(c.path));
    const firstEdit = edits.findIndex((c) => c.method === 'POST');
    expect(edits[firstEdit + 1]?.method).toBe('GET');
  });

  it('a 429 that outlasts the write budget → failed as rejected, nothing written, no read-back retry', async () => {
    const { h, issueId, body } = await approved();
    h.dbx.inject('POST', EDIT_PATH, { type: 'status', status: 429, headers: { 'retry-after': '1' } }, 5);
    await h.deliver(body);
    await h.drain();
    expect(applied(h)).toHaveLength(0);
    const action = await onlyAction(h);
    expect(action.state).toBe('failed');
    expect(action.reason).toBe('write_rejected');
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Remediation Failed');
  });

  it('Jira 503 on the re-fetch and 429 on the comment → the delivery and the comment are retried, one write', async () => {
    const { h, issueId, body } = await approved();
    h.jira.failNext('GET', /^\/rest\/api\/3\/issue\/[^/]+$/, 503, {}, 4);
    h.jira.failNext('POST', /\/comment$/, 429, { 'retry-after': '5' });
    await h.deliver(body);
    await h.drain();
    await h.drain();
    expect(applied(h)).toHaveLength(1);
    const action = await onlyAction(h);
    expect(action.state).toBe('verified');
    expect(h.sleeps.some((ms) => ms >= 5000)).toBe(true);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
  });
});

describe('lost responses: the write landed but the answer did not arrive', () => {
  for (const fault of [
    { type: 'apply-then-reset' } as const,
    { type: 'apply-then-hang' } as const,
    { type: 'apply-then-error', status: 504 } as const,
  ]) {
    it(`${fault.type}${'status' in fault ? ` ${fault.status}` : ''} → read back shows the target → verified, no second write`, async () => {
      const { h, body } = await approved();
      h.dbx.inject('POST', EDIT_PATH, fault);
      await h.deliver(body);
      await h.drain();
      expect(applied(h)).toHaveLength(1);
      const action = await onlyAction(h);
      expect(action.state).toBe('verified');
      expect(action.attempts).toBe(1);
    });
  }
});

describe('an error after the claim never strands the action', () => {
  /** Injects `fault` into the fake on the warehouse read that follows the first one (the executor's, after the claim). */
  async function approvedWithFaultOnSecondRead(fault: FakeFault, times: number) {
    const inject: { fn?: () => void } = {};
    let reads = 0;
    const setup = await approved({
      wrapApi: (api) => ({
        ...api,
        getWarehouse: async (id) => {
          reads++;
          if (reads === 2) inject.fn?.();
          return api.getWarehouse(id);
        },
      }),
    });
    inject.fn = () => setup.h.dbx.inject('GET', GET_PATH, fault, times);
    return setup;
  }
  // 403 PERMISSION_DENIED (https://docs.databricks.com/api/workspace/introduction, error codes).
  const denied: FakeFault = {
    type: 'status',
    status: 403,
    body: { error_code: 'PERMISSION_DENIED', message: 'User does not have permission to view this warehouse' },
  };

  it('a one-off 403 after the claim → the same delivery retries it within seconds and it is applied', async () => {
    const { h, issueId, body } = await approvedWithFaultOnSecondRead(denied, 1);
    await h.deliver(body);
    await h.drain();
    const stuck = await onlyAction(h);
    expect(stuck.state).toBe('applying');
    // Taken over once it has been still for 10 s (another worker could be carrying it before that).
    h.jira.state.now += 5000;
    await h.drain();
    expect((await onlyAction(h)).state).toBe('applying');
    h.jira.state.now += 5000;
    await h.drain();
    const action = await onlyAction(h);
    expect(action.state).toBe('verified');
    expect(applied(h)).toHaveLength(1);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Done');
    const inbox = await h.store.db.selectFrom('inbox').select('status').execute();
    expect(inbox.map((d) => d.status)).toEqual(['done']);
  });

  it('an error that persists → failed with a comment and moved to the failed status within a minute, nothing written', async () => {
    const { h, issueId, body } = await approvedWithFaultOnSecondRead(denied, 100);
    await h.deliver(body);
    await h.drain();
    for (let elapsed = 0; elapsed < 60_000; elapsed += 5000) {
      h.jira.state.now += 5000;
      await h.drain();
      if ((await onlyAction(h)).state !== 'applying') break;
    }
    const action = await onlyAction(h);
    expect(action.state).toBe('failed');
    expect(action.reason).toBe('error');
    expect(Date.parse(action.updatedAt) - Date.parse(action.createdAt)).toBeLessThan(60_000);
    expect(applied(h)).toHaveLength(0);
    const text = JSON.stringify(evidenceComments(h, issueId, action.id));
    expect(text).toContain('Nothing was written to Databricks');
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Remediation Failed');
  });
});

describe('crash recovery (recovery run on a store left mid-way)', () => {
  it('crash after the write landed, before its state was committed → recovery verifies it, no second write', async () => {
    // Steps: 1 = queued→applying; 2 = applying→verifying (after the write): crash there.
    const crash = { at: 2 };
    const { h, issueId, body } = await approved({ crashAtStep: (n) => n === crash.at });
    await h.deliver(body);
    // One pass only: the process "dies" with the delivery still pending (its retry would resume the action).
    await h.runtime.workOnce();
    const inFlight = await onlyAction(h);
    expect(inFlight.state).toBe('applying');
    expect(inFlight.attempts).toBe(1);
    expect(applied(h)).toHaveLength(1);
    crash.at = -1;
    const outcomes = await h.runtime.recoverOnce({ staleMs: 0 });
    expect(outcomes.map((o) => o.ok && o.record.state)).toEqual(['verified']);
    await h.drain();
    expect(applied(h)).toHaveLength(1);
    expect(evidenceComments(h, issueId, inFlight.id)).toHaveLength(1);
  });

  it('crash inside the "verified" step → its state, history event and outbox comment all roll back together; recovery redoes them once', async () => {
    // Steps: 1 start, 2 write sent → verifying, 3 read back → verified (+ comment + transition): crash in 3.
    const crash = { on: true };
    const { h, issueId, body } = await approved({ crashAtStep: (n) => crash.on && n === 3 });
    await h.deliver(body);
    // One pass only: the process "dies" with the delivery still pending (its retry would resume the action).
    await h.runtime.workOnce();
    const inFlight = await onlyAction(h);
    expect(inFlight.state).toBe('verifying');
    const events = await h.store.db
      .selectFrom('history')
      .select('event')
      .where('action_id', '=', inFlight.id)
      .execute();
    expect(events.map((e) => (JSON.parse(e.event) as { event: string }).event)).toEqual(['applying', 'verifying']);
    expect(await h.store.db.selectFrom('outbox').select('id').where('action_id', '=', inFlight.id).execute()).toEqual(
      [],
    );
    crash.on = false;
    await h.runtime.recoverOnce({ staleMs: 0 });
    await h.drain();
    expect((await onlyAction(h)).state).toBe('verified');
    expect(applied(h)).toHaveLength(1);
    expect(evidenceComments(h, issueId, inFlight.id)).toHaveLength(1);
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('Done');
  });

  it('crash after the write-ahead record, before the API call → recovery reads the previous value and writes once', async () => {
    const crash = { on: true };
    const { h, body } = await approved({
      crashAtStep: (n) => crash.on && n === 2,
      wrapApi: (api) => ({
        ...api,
        editWarehouse: async (id, fields) => {
          if (crash.on) throw new Error('process died before sending');
          await api.editWarehouse(id, fields);
        },
      }),
    });
    await h.deliver(body);
    // One pass only: the process "dies" with the delivery still pending (its retry would resume the action).
    await h.runtime.workOnce();
    const inFlight = await onlyAction(h);
    expect(inFlight.state).toBe('applying');
    expect(inFlight.previousValue).toEqual({ auto_stop_mins: 0 });
    expect(applied(h)).toHaveLength(0);
    crash.on = false;
    const outcomes = await h.runtime.recoverOnce({ staleMs: 0 });
    expect(outcomes.map((o) => o.ok && o.record.state)).toEqual(['verified']);
    expect(applied(h)).toHaveLength(1);
    // A second recovery pass has nothing left to do.
    expect(await h.runtime.recoverOnce({ staleMs: 0 })).toEqual([]);
    expect(applied(h)).toHaveLength(1);
  });

  it('crash between the claim and the start → the stale queued action is refused (fail closed), nothing written', async () => {
    const crash = { on: true };
    const { h, issueId, body } = await approved({ crashAtStep: (n) => crash.on && n === 1 });
    await h.deliver(body);
    // One pass only: the process "dies" with the delivery still pending (its retry would resume the action).
    await h.runtime.workOnce();
    expect((await onlyAction(h)).state).toBe('queued');
    crash.on = false;
    await h.runtime.recoverOnce({ staleMs: 0 });
    await h.drain();
    const action = await onlyAction(h);
    expect(action.state).toBe('refused');
    expect(action.reason).toBe('interrupted');
    expect(applied(h)).toHaveLength(0);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
  });
});

describe('kill switch and outbox', () => {
  it('kill switch flipped mid-action (after the re-read, before the write) → refused, zero writes', async () => {
    const { h, issueId, body } = await approved({
      wrapApi: (api, { killSwitch }) => ({
        ...api,
        getWarehouse: async (id) => {
          const warehouse = await api.getWarehouse(id);
          killSwitch.on = true;
          return warehouse;
        },
      }),
    });
    await h.deliver(body);
    await h.drain();
    const action = await onlyAction(h);
    expect(action.state).toBe('refused');
    expect(action.reason).toBe('kill_switch');
    expect(applied(h)).toHaveLength(0);
    expect(JSON.stringify(evidenceComments(h, issueId, action.id))).toContain('kill switch');
    expect(h.jira.state.issues.find((i) => i.id === issueId)?.statusName).toBe('To Do');
  });

  it('a failed Jira comment is retried from the outbox without a second Databricks write; a re-sent comment is skipped', async () => {
    const { h, issueId, body } = await approved();
    h.jira.failNext('POST', /\/comment$/, 503, {}, 2);
    await h.deliver(body);
    await h.drain();
    await h.drain();
    await h.drain();
    const action = await onlyAction(h);
    expect(applied(h)).toHaveLength(1);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
    // The relay sends again after a crash between posting and marking sent: the marker makes it a no-op.
    await h.store.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: '2000-01-01T00:00:00.000Z' })
      .where('kind', '=', 'comment')
      .execute();
    expect(await h.runtime.relayOnce()).toBeGreaterThan(0);
    expect(evidenceComments(h, issueId, action.id)).toHaveLength(1);
    expect(applied(h)).toHaveLength(1);
  });
});

describe('dry-run (the default)', () => {
  it('checks, claims and comments "DRY-RUN: would set …" but sends no write to Databricks', async () => {
    const { h, issueId, body } = await approved({ dryRun: true });
    await h.deliver(body);
    await h.drain();
    expect(h.dbx.calls().filter((c) => c.method === 'POST')).toEqual([]);
    const action = await onlyAction(h);
    expect(action.state).toBe('refused');
    expect(action.reason).toBe('dry_run');
    expect(JSON.stringify(evidenceComments(h, issueId, action.id))).toContain('DRY-RUN: would set auto_stop_mins');
  });
});
