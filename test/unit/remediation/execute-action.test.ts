import { describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../../src/errors.ts';
import { executeAction, resumeDeferred } from '../../../src/remediation/execute-action.ts';
import { queuedAction, remediationHarness } from '../../support/remediation-harness.ts';

async function claimed(h: ReturnType<typeof remediationHarness>, overrides: Parameters<typeof queuedAction>[0] = {}) {
  const action = queuedAction(overrides);
  expect(await h.actions.claim(action)).toBe('claimed');
  return action;
}

function warehouse(h: ReturnType<typeof remediationHarness>, fields: Record<string, unknown> = {}) {
  h.api.warehouses.set('wh-1', {
    id: 'wh-1',
    name: 'bi',
    state: 'RUNNING',
    auto_stop_mins: 120,
    cluster_size: 'Small',
    ...fields,
  });
}

describe('executeAction', () => {
  it('persists applying before the write, writes once (partial edit), verifies by read-back and enqueues evidence', async () => {
    const h = remediationHarness();
    warehouse(h);
    const action = await claimed(h);
    let stateAtWrite: string | undefined;
    const edit = h.api.editWarehouse.bind(h.api);
    h.api.editWarehouse = async (id, fields) => {
      stateAtWrite = (await h.actions.get(action.id))?.state;
      await edit(id, fields);
    };
    const result = await executeAction(h.deps, action);
    expect(stateAtWrite).toBe('applying');
    expect(result).toMatchObject({
      state: 'verified',
      attempts: 1,
      previousValue: { auto_stop_mins: 120 },
      observedValue: { auto_stop_mins: 10 },
    });
    expect(h.api.writes).toEqual([{ op: 'warehouses/edit', id: 'wh-1', body: { auto_stop_mins: 10 } }]);
    expect(h.history.namesOf(action.id)).toEqual(['applying', 'verifying', 'verified']);
    expect(h.outbox.items.map((i) => [i.kind, i.payload.status ?? 'comment'])).toEqual([
      ['comment', 'comment'],
      ['transition', 'Done'],
    ]);
    const comment = JSON.stringify(h.outbox.items[0]?.payload);
    expect(comment).toContain(action.id);
    expect(comment).toContain(h.history.events.at(-1)?.hash);
    expect(comment).toContain('Dana Owner');
  });

  it('refuses drift (value changed since the finding) without writing', async () => {
    const h = remediationHarness();
    warehouse(h, { auto_stop_mins: 45 });
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'failed', reason: 'drift' });
    expect(h.api.writes).toEqual([]);
    expect(h.outbox.items.find((i) => i.kind === 'transition')?.payload).toEqual({ status: 'Remediation Failed' });
  });

  it('marks an action already at target verified without writing', async () => {
    const h = remediationHarness();
    warehouse(h, { auto_stop_mins: 10 });
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'verified', reason: 'already_at_target' });
    expect(h.api.writes).toEqual([]);
  });

  it('resolves a write whose response was lost by reading back — no second write', async () => {
    const h = remediationHarness();
    warehouse(h);
    h.api.faults.push({ type: 'apply_then_timeout' });
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'verified', attempts: 1 });
    expect(h.api.writes).toHaveLength(1);
    expect(h.history.namesOf(action.id)).toEqual(['applying', 'verifying:outcome_unknown', 'verified']);
  });

  it('retries under the same action only when the read-back shows the write did not land, within budget', async () => {
    const h = remediationHarness({ maxAttempts: 2 });
    warehouse(h);
    h.api.faults.push({ type: 'timeout_without_apply' });
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'verified', attempts: 2 });
    expect(h.api.writes).toHaveLength(2);

    const h2 = remediationHarness({ maxAttempts: 2 });
    warehouse(h2);
    h2.api.faults.push({ type: 'timeout_without_apply' }, { type: 'timeout_without_apply' });
    const again = await claimed(h2);
    expect(await executeAction(h2.deps, again)).toMatchObject({
      state: 'failed',
      reason: 'attempts_exhausted',
      attempts: 2,
    });
    expect(h2.api.writes).toHaveLength(2);
  });

  it('records a rejected write as failed without reading back or retrying', async () => {
    const h = remediationHarness();
    warehouse(h);
    h.api.faults.push({
      type: 'reject',
      error: new ExternalServiceError('databricks', 'INVALID_PARAMETER_VALUE', { status: 400 }),
    });
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'failed', reason: 'write_rejected' });
    expect(h.api.writes).toHaveLength(1);
  });

  it('fails on a read-back mismatch and rolls back to the recorded previous value, verified', async () => {
    const h = remediationHarness();
    warehouse(h);
    h.api.faults.push({ type: 'apply_other', mutate: (w) => Object.assign(w, { auto_stop_mins: 30 }) });
    const action = await claimed(h);
    const result = await executeAction(h.deps, action);
    expect(result).toMatchObject({ state: 'rolled_back', observedValue: { auto_stop_mins: 120 } });
    expect(h.api.writes.map((w) => w.body)).toEqual([{ auto_stop_mins: 10 }, { auto_stop_mins: 120 }]);
    expect(h.api.warehouses.get('wh-1')?.auto_stop_mins).toBe(120);
    expect(h.history.namesOf(action.id)).toEqual(['applying', 'verifying', 'failed:mismatch', 'rolled_back']);
  });

  it('does not roll back when policy forbids it', async () => {
    const h = remediationHarness({ rollbackOnMismatch: false });
    warehouse(h);
    h.api.faults.push({ type: 'apply_other', mutate: (w) => Object.assign(w, { auto_stop_mins: 30 }) });
    expect(await executeAction(h.deps, await claimed(h))).toMatchObject({ state: 'failed', reason: 'mismatch' });
    expect(h.api.writes).toHaveLength(1);
  });

  it('stops when the kill switch is flipped after the action started (checked right before the write)', async () => {
    const h = remediationHarness();
    warehouse(h);
    h.api.onRead = () => {
      h.killSwitch.on = true;
    };
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'refused', reason: 'kill_switch' });
    expect(h.api.writes).toEqual([]);
    expect(h.outbox.items.find((i) => i.kind === 'transition')?.payload).toEqual({ status: 'To Do' });
  });

  it('writes nothing in dry-run and says what it would do', async () => {
    const h = remediationHarness({ dryRun: true });
    warehouse(h);
    const action = await claimed(h);
    expect(await executeAction(h.deps, action)).toMatchObject({ state: 'refused', reason: 'dry_run' });
    expect(h.api.writes).toEqual([]);
    expect(JSON.stringify(h.outbox.items[0]?.payload)).toContain('DRY-RUN: would set auto_stop_mins 120 → 10');
  });

  it('fails not_found when the resource is gone, and refuses strategies without an executor', async () => {
    const h = remediationHarness();
    expect(await executeAction(h.deps, await claimed(h))).toMatchObject({ state: 'failed', reason: 'not_found' });
    const manual = await claimed(h, { strategy: 'manual' });
    expect(await executeAction(h.deps, manual)).toMatchObject({ state: 'refused', reason: 'no_executor' });
    expect(h.api.writes).toEqual([]);
  });

  it('lets only one of two concurrent workers advance an action (compare-and-set)', async () => {
    const h = remediationHarness();
    warehouse(h);
    const action = await claimed(h);
    const results = await Promise.allSettled([executeAction(h.deps, action), executeAction(h.deps, action)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { name: 'ConflictError' } });
    expect(h.api.writes).toHaveLength(1);
  });

  describe('restart guard and Databricks write semantics', () => {
    const cluster = (h: ReturnType<typeof remediationHarness>, state: string) =>
      h.api.clusters.set('c-1', {
        cluster_id: 'c-1',
        state,
        autotermination_minutes: 0,
        spark_conf: { 'spark.x': 'secret' },
      });
    const clusterAction = (restarts: boolean) => ({
      strategy: 'cluster-auto-termination',
      resource: { workspaceId: 'w', kind: 'cluster' as const, id: 'c-1' },
      plan: { changes: [{ field: 'autotermination_minutes', before: 0, after: 60 }], risk: 'restarts', restarts },
    });

    it('never updates a RUNNING cluster unless the plan said it restarts; uses clusters/update with a mask', async () => {
      const h = remediationHarness();
      cluster(h, 'RUNNING');
      expect(await executeAction(h.deps, await claimed(h, clusterAction(false)))).toMatchObject({
        state: 'deferred',
        reason: 'awaiting_termination',
      });
      expect(h.api.writes).toEqual([]);
      expect(await executeAction(h.deps, await claimed(h, clusterAction(true)))).toMatchObject({ state: 'verified' });
      expect(h.api.writes).toEqual([
        {
          op: 'clusters/update',
          id: 'c-1',
          body: { update_mask: 'autotermination_minutes', cluster: { autotermination_minutes: 60 } },
        },
      ]);
    });

    it('require_terminated parks the action (comment says it waits and why), then applies after termination', async () => {
      const h = remediationHarness({ restartPolicy: 'require_terminated' });
      cluster(h, 'RUNNING');
      const parked = await executeAction(h.deps, await claimed(h, clusterAction(true)));
      expect(parked).toMatchObject({ state: 'deferred', reason: 'awaiting_termination' });
      const waiting = JSON.stringify(h.outbox.items.filter((i) => i.actionId === parked.id));
      expect(waiting).toContain('waiting for the cluster to terminate');
      expect(waiting).toContain('RUNNING');
      expect(h.outbox.items.filter((i) => i.kind === 'transition' && i.actionId === parked.id)).toEqual([]);
      // A scheduled check while still running: nothing changes, nothing is written.
      const options = { deferMaxMs: 7 * 86_400_000 };
      expect(await resumeDeferred(h.deps, parked, options)).toMatchObject({ state: 'deferred' });
      expect(h.api.writes).toEqual([]);
      cluster(h, 'TERMINATED');
      const done = await resumeDeferred(h.deps, parked, options);
      expect(done).toMatchObject({ state: 'verified' });
      expect(h.api.writes).toHaveLength(1);
    });

    it('a parked action past remediation.deferMaxDays is refused with a comment; the approval age is not its limit', async () => {
      const h = remediationHarness({ restartPolicy: 'require_terminated' });
      cluster(h, 'RUNNING');
      const parked = await executeAction(h.deps, await claimed(h, clusterAction(true)));
      const parkedAt = Date.parse(parked.updatedAt);
      const later = (ms: number) => ({ ...h.deps, now: () => new Date(parkedAt + ms) });
      // Three days on (far past a 24 h approval age): still waiting.
      expect(await resumeDeferred(later(3 * 86_400_000), parked, { deferMaxMs: 7 * 86_400_000 })).toMatchObject({
        state: 'deferred',
      });
      const expired = await resumeDeferred(later(8 * 86_400_000), parked, { deferMaxMs: 7 * 86_400_000 });
      expect(expired).toMatchObject({ state: 'refused', reason: 'defer_expired' });
      expect(JSON.stringify(h.outbox.items)).toContain('was not terminated within 7 days');
      expect(h.api.writes).toEqual([]);
    });

    it('sends jobs/update with the whole task object for the changed task_key only; other tasks untouched', async () => {
      const h = remediationHarness();
      const etl = {
        task_key: 'etl',
        max_retries: -1,
        notebook_task: { notebook_path: '/etl' },
        existing_cluster_id: 'c-9',
      };
      const report = { task_key: 'report', max_retries: 1, sql_task: { warehouse_id: 'wh-1' } };
      h.api.jobs.set('j-1', { job_id: 'j-1', settings: { name: 'nightly', tasks: [etl, report] } });
      const action = await claimed(h, {
        strategy: 'job-retries',
        resource: { workspaceId: 'w', kind: 'job', id: 'j-1' },
        plan: { changes: [{ field: 'tasks[etl].max_retries', before: -1, after: 3 }], risk: '', restarts: false },
      });
      expect(await executeAction(h.deps, action)).toMatchObject({ state: 'verified' });
      expect(h.api.writes).toEqual([{ op: 'jobs/update', id: 'j-1', body: { tasks: [{ ...etl, max_retries: 3 }] } }]);
      const settings = h.api.jobs.get('j-1')?.settings as { tasks: unknown[] } | undefined;
      const tasks = settings?.tasks;
      expect(tasks).toEqual([{ ...etl, max_retries: 3 }, report]);
    });

    it('sends the full warehouse tag list and only the changed top-level warehouse fields', async () => {
      const h = remediationHarness();
      warehouse(h, { tags: { custom_tags: [{ key: 'env', value: 'dev' }] } });
      const action = await claimed(h, {
        strategy: 'add-tags',
        plan: { changes: [{ field: 'tags.team', before: null, after: 'bi' }], risk: '', restarts: false },
      });
      expect(await executeAction(h.deps, action)).toMatchObject({ state: 'verified' });
      expect(h.api.writes[0]?.body).toEqual({
        tags: {
          custom_tags: [
            { key: 'env', value: 'dev' },
            { key: 'team', value: 'bi' },
          ],
        },
      });
    });
  });
});
