import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listActions } from '../../../src/store/action-store.ts';
import { createKyselyActionStore } from '../../../src/store/approval-ports/kysely-action-store.ts';
import { queuedAction } from '../../support/remediation-harness.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

function newAction(actionKey: string, createdAt = '2026-01-01T00:01:00.000Z') {
  return queuedAction({
    id: `id-${actionKey}`,
    actionKey,
    owner: 'dana@example.com',
    previousValue: { auto_stop_mins: 120 },
    createdAt,
    updatedAt: createdAt,
  });
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

    it('claims a key once and round-trips the write-ahead record (one row mapping)', async () => {
      const actions = createKyselyActionStore(ctx.store.db);
      const record = newAction('key-1');
      expect(await actions.claim(record)).toBe('claimed');
      expect(await actions.claim({ ...record, id: 'other' })).toBe('exists');
      expect(await actions.get(record.id)).toEqual(record);
      expect(await actions.getByKey('key-1')).toEqual(record);
      expect(await actions.get('missing')).toBeUndefined();
      expect(await actions.getByKey('missing')).toBeUndefined();
    });

    it('gives exactly 200 claims for 200 keys raced by 4 replicas on separate connections', async () => {
      const replicas = [ctx.store, await ctx.openAnother(), await ctx.openAnother(), await ctx.openAnother()];
      const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
      const perReplica = await Promise.all(
        replicas.map(async (replica, r) => {
          const port = createKyselyActionStore(replica.db);
          const won = await Promise.all(keys.map((key) => port.claim({ ...newAction(key), id: `${r}-${key}` })));
          return keys.filter((_, i) => won[i] === 'claimed');
        }),
      );
      const all = perReplica.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
      expect(await listActions(ctx.store, { limit: 1000 })).toHaveLength(200);
    });

    it('changes state only when the expected state still holds (compare-and-set)', async () => {
      const actions = createKyselyActionStore(ctx.store.db);
      const record = newAction('key-1');
      await actions.claim(record);
      const later = '2026-01-01T00:02:00.000Z';
      expect(await actions.update(record.id, 'queued', { state: 'applying', attempts: 1, updatedAt: later })).toBe(
        true,
      );
      expect(await actions.update(record.id, 'queued', { state: 'refused', reason: 'kill switch' })).toBe(false);
      expect(await actions.get(record.id)).toMatchObject({
        state: 'applying',
        attempts: 1,
        previousValue: { auto_stop_mins: 120 },
        targetValue: { auto_stop_mins: 10 },
        reason: null,
        updatedAt: later,
      });
      expect(await actions.update(record.id, 'applying', { state: 'failed', reason: 'mismatch' })).toBe(true);
      expect((await actions.get(record.id))?.reason).toBe('mismatch');
      expect(await actions.update('missing', 'queued', { state: 'applying' })).toBe(false);
    });

    it('lists actions filtered by state, newest first, up to the limit', async () => {
      const actions = createKyselyActionStore(ctx.store.db);
      await actions.claim(newAction('a', '2026-01-01T00:00:00.000Z'));
      await actions.claim(newAction('b', '2026-01-02T00:00:00.000Z'));
      await actions.claim(newAction('c', '2026-01-03T00:00:00.000Z'));
      await actions.update('id-a', 'queued', { state: 'verified' });
      const keys = async (states?: Parameters<typeof listActions>[1]['states']) =>
        (await listActions(ctx.store, { ...(states === undefined ? {} : { states }), limit: 10 })).map(
          (x) => x.actionKey,
        );
      expect(await keys()).toEqual(['c', 'b', 'a']);
      expect(await keys(['queued'])).toEqual(['c', 'b']);
      expect(await keys(['verified', 'failed'])).toEqual(['a']);
      expect(await listActions(ctx.store, { limit: 1 })).toHaveLength(1);
    });
  });
}
