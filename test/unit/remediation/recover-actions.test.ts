import { describe, expect, it } from 'vitest';
import { recoverActions } from '../../../src/remediation/recover-actions.ts';
import { queuedAction, remediationHarness } from '../../support/remediation-harness.ts';

function setup(value: number | null, action: Parameters<typeof queuedAction>[0]) {
  const h = remediationHarness();
  if (value !== null) h.api.warehouses.set('wh-1', { id: 'wh-1', state: 'STOPPED', auto_stop_mins: value });
  const record = queuedAction(action);
  h.actions.rows.set(record.id, record);
  return { h, record };
}

describe('recoverActions', () => {
  it('crash after write-ahead, before the call: applies once and verifies', async () => {
    const { h } = setup(120, { state: 'applying', attempts: 0 });
    const [outcome] = await recoverActions(h.deps);
    expect(outcome).toMatchObject({ ok: true, record: { state: 'verified', attempts: 1 } });
    expect(h.api.writes).toHaveLength(1);
  });

  it('crash after the write landed: the read-back shows the target → verified, no second write', async () => {
    for (const state of ['applying', 'verifying'] as const) {
      const { h } = setup(10, { state, attempts: 1, previousValue: { auto_stop_mins: 120 } });
      const [outcome] = await recoverActions(h.deps);
      expect(outcome).toMatchObject({ ok: true, record: { state: 'verified' } });
      expect(h.api.writes).toEqual([]);
    }
  });

  it('write did not land: retries under the same action within budget, else fails', async () => {
    const { h, record } = setup(120, { state: 'verifying', attempts: 1, previousValue: { auto_stop_mins: 120 } });
    const [outcome] = await recoverActions(h.deps);
    expect(outcome).toMatchObject({ ok: true, record: { id: record.id, state: 'verified', attempts: 2 } });
    expect(h.api.writes).toHaveLength(1);

    const exhausted = setup(120, { state: 'verifying', attempts: 3 });
    const [last] = await recoverActions(exhausted.h.deps);
    expect(last).toMatchObject({ ok: true, record: { state: 'failed', reason: 'attempts_exhausted' } });
    expect(exhausted.h.api.writes).toEqual([]);
  });

  it('anything else → failed drift; resource gone → failed not_found; no writes', async () => {
    const drift = setup(45, { state: 'verifying', attempts: 1 });
    expect((await recoverActions(drift.h.deps))[0]).toMatchObject({ record: { state: 'failed', reason: 'drift' } });
    const gone = setup(null, { state: 'applying', attempts: 1 });
    expect((await recoverActions(gone.h.deps))[0]).toMatchObject({ record: { state: 'failed', reason: 'not_found' } });
    expect([...drift.h.api.writes, ...gone.h.api.writes]).toEqual([]);
  });

  it('keeps going when one action cannot be read, leaving it in flight', async () => {
    const { h } = setup(10, { state: 'verifying', attempts: 1 });
    const other = queuedAction({
      state: 'verifying',
      attempts: 1,
      resource: { workspaceId: 'w', kind: 'warehouse', id: 'wh-x' },
    });
    h.actions.rows.set(other.id, other);
    h.api.getWarehouse = async (id) => {
      if (id === 'wh-x') throw new Error('503');
      return { id, auto_stop_mins: 10 };
    };
    const outcomes = await recoverActions(h.deps);
    expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
    expect((await h.actions.get(other.id))?.state).toBe('verifying');
  });
});
