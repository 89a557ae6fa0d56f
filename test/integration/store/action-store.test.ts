import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimAction,
  getAction,
  getActionByKey,
  listActions,
  type NewAction,
  updateActionState,
} from '../../../src/store/action-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

function newAction(actionKey: string): NewAction {
  return {
    actionKey,
    fingerprint: '0123456789abcdef',
    issueId: '10001',
    strategy: 'warehouse-auto-stop',
    workspaceId: '1234567890',
    resourceKind: 'warehouse',
    resourceId: 'wh-1',
    approver: 'acc-ada',
    approvedAt: '2026-01-01T00:00:00.000Z',
    plan: { field: 'auto_stop_mins', from: 120, to: 10, restarts: false },
    previousValue: { auto_stop_mins: 120 },
    targetValue: { auto_stop_mins: 10 },
  };
}

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'action store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('claims a key once and round-trips the write-ahead record', async () => {
      const { store } = ctx;
      const now = new Date('2026-01-01T00:01:00.000Z');
      const claimed = await claimAction(store, newAction('key-1'), now);
      expect(claimed).toMatchObject({
        ...newAction('key-1'),
        state: 'queued',
        reason: null,
        attempts: 0,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      expect(await claimAction(store, newAction('key-1'))).toBeUndefined();
      expect(await getAction(store, claimed?.id ?? '')).toEqual(claimed);
      expect(await getActionByKey(store, 'key-1')).toEqual(claimed);
      expect(await getAction(store, 'missing')).toBeUndefined();
    });

    it('gives exactly 200 claims for 200 keys raced by 4 replicas on separate connections', async () => {
      const replicas = [ctx.store, await ctx.openAnother(), await ctx.openAnother(), await ctx.openAnother()];
      const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
      const perReplica = await Promise.all(
        replicas.map(async (replica) => {
          const won = await Promise.all(keys.map((key) => claimAction(replica, newAction(key))));
          return won.flatMap((row) => (row === undefined ? [] : [row.actionKey]));
        }),
      );
      const all = perReplica.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
      expect(await listActions(ctx.store, { limit: 1000 })).toHaveLength(200);
    });

    it('changes state only when the expected state still holds (compare-and-set)', async () => {
      const { store } = ctx;
      const action = await claimAction(store, newAction('key-1'));
      const id = action?.id ?? '';
      const later = new Date('2026-01-01T00:02:00.000Z');
      expect(
        await updateActionState(
          store,
          id,
          'queued',
          'applying',
          { incrementAttempts: true, previousValue: { v: 1 } },
          later,
        ),
      ).toBe(true);
      expect(await updateActionState(store, id, 'queued', 'refused', { reason: 'kill switch' })).toBe(false);
      expect(await getAction(store, id)).toMatchObject({
        state: 'applying',
        attempts: 1,
        previousValue: { v: 1 },
        targetValue: { auto_stop_mins: 10 },
        reason: null,
        updatedAt: later.toISOString(),
      });
      expect(await updateActionState(store, id, 'applying', 'failed', { reason: 'read-back differs' })).toBe(true);
      expect((await getAction(store, id))?.reason).toBe('read-back differs');
      expect(await updateActionState(store, 'missing', 'queued', 'applying')).toBe(false);
    });

    it('lists actions filtered by state, newest first, up to the limit', async () => {
      const { store } = ctx;
      const a = await claimAction(store, newAction('a'), new Date('2026-01-01T00:00:00.000Z'));
      await claimAction(store, newAction('b'), new Date('2026-01-02T00:00:00.000Z'));
      await claimAction(store, newAction('c'), new Date('2026-01-03T00:00:00.000Z'));
      await updateActionState(store, a?.id ?? '', 'queued', 'verified');

      expect((await listActions(store, { limit: 10 })).map((x) => x.actionKey)).toEqual(['c', 'b', 'a']);
      expect((await listActions(store, { states: ['queued'], limit: 10 })).map((x) => x.actionKey)).toEqual(['c', 'b']);
      expect((await listActions(store, { states: ['verified', 'failed'], limit: 10 })).map((x) => x.actionKey)).toEqual(
        ['a'],
      );
      expect(await listActions(store, { limit: 1 })).toHaveLength(1);
    });
  });
}
