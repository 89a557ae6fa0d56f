import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNextDueDelivery } from '../../../src/store/inbox-batch-store.ts';
import {
  completeDelivery,
  countPending,
  failDelivery,
  isDeliveryRecorded,
  recordDelivery,
  releaseStaleDeliveries,
} from '../../../src/store/inbox-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

function delivery(id: string, receivedAt = '2026-01-01T00:00:00.000Z') {
  return { deliveryId: id, source: 'jira', receivedAt, body: `{"webhookEvent":"jira:issue_updated","id":"${id}"}` };
}

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'inbox store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('accepts one of ten parallel recordings of the same delivery and reports nine duplicates', async () => {
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => recordDelivery(ctx.store, delivery('d-1'))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(9);
      expect(await countPending(ctx.store)).toBe(1);
    });

    it('finds a stored delivery only by its id, source and byte-identical body, and changes nothing', async () => {
      const { store } = ctx;
      const stored = delivery('d-1');
      expect(await isDeliveryRecorded(store, stored)).toBe(false);
      await recordDelivery(store, stored);
      expect(await isDeliveryRecorded(store, stored)).toBe(true);
      expect(await isDeliveryRecorded(store, { ...stored, body: `${stored.body} ` })).toBe(false);
      expect(await isDeliveryRecorded(store, { ...stored, source: 'jira-automation' })).toBe(false);
      expect(await isDeliveryRecorded(store, { ...stored, deliveryId: 'd-2' })).toBe(false);
      expect(await countPending(store)).toBe(1);
      expect(await recordDelivery(store, stored)).toBe('duplicate');
    });

    it('claims the oldest pending delivery once, then completes it', async () => {
      const { store } = ctx;
      await recordDelivery(store, delivery('late', '2026-01-01T00:00:02.000Z'));
      await recordDelivery(store, delivery('early', '2026-01-01T00:00:01.000Z'));

      const first = await claimNextDueDelivery(store, 'worker-a');
      expect(first).toMatchObject({ deliveryId: 'early', status: 'processing', attempts: 1, claimedBy: 'worker-a' });
      expect(first?.body).toContain('"early"');
      const second = await claimNextDueDelivery(store, 'worker-b');
      expect(second?.deliveryId).toBe('late');
      expect(await claimNextDueDelivery(store, 'worker-c')).toBeUndefined();
      expect(await countPending(store)).toBe(0);

      expect(await completeDelivery(store, 'early', 'worker-b')).toBe(false);
      expect(await completeDelivery(store, 'early', 'worker-a')).toBe(true);
      expect(await completeDelivery(store, 'early', 'worker-a')).toBe(false);
    });

    it('returns a failed delivery to pending for a retry, or parks it as failed', async () => {
      const { store } = ctx;
      await recordDelivery(store, delivery('d-1'));
      await claimNextDueDelivery(store, 'w');
      expect(await failDelivery(store, 'd-1', 'w', 'jira 503', { retry: true })).toBe(true);
      expect(await countPending(store)).toBe(1);

      const again = await claimNextDueDelivery(store, 'w');
      expect(again).toMatchObject({ deliveryId: 'd-1', attempts: 2, lastError: 'jira 503' });
      expect(await failDelivery(store, 'd-1', 'w', 'bad payload', { retry: false })).toBe(true);
      expect(await countPending(store)).toBe(0);
      expect(await claimNextDueDelivery(store, 'w')).toBeUndefined();
      expect(await recordDelivery(store, delivery('d-1'))).toBe('duplicate');
    });

    it('releases deliveries whose worker never finished, and only those', async () => {
      const { store } = ctx;
      await recordDelivery(store, delivery('stale', '2026-01-01T00:00:01.000Z'));
      await recordDelivery(store, delivery('fresh', '2026-01-01T00:00:02.000Z'));
      await claimNextDueDelivery(store, 'crashed', new Date('2026-01-01T00:00:00.000Z'));
      await claimNextDueDelivery(store, 'alive', new Date('2026-01-01T00:10:00.000Z'));

      expect(await releaseStaleDeliveries(store, new Date('2026-01-01T00:05:00.000Z'))).toBe(1);
      expect(await completeDelivery(store, 'stale', 'crashed')).toBe(false);
      const again = await claimNextDueDelivery(store, 'alive-2');
      expect(again).toMatchObject({ deliveryId: 'stale', attempts: 2, claimedBy: 'alive-2' });
      expect(await completeDelivery(store, 'fresh', 'alive')).toBe(true);
    });

    it('gives concurrent workers on separate connections different deliveries', async () => {
      const replicas = [ctx.store, await ctx.openAnother(), await ctx.openAnother()];
      for (let i = 0; i < 30; i += 1) await recordDelivery(ctx.store, delivery(`d-${String(i).padStart(2, '0')}`));
      const claimed: string[] = [];
      await Promise.all(
        replicas.map(async (replica, r) => {
          for (;;) {
            const next = await claimNextDueDelivery(replica, `worker-${r}`);
            if (next === undefined) return;
            claimed.push(next.deliveryId);
          }
        }),
      );
      expect(claimed).toHaveLength(30);
      expect(new Set(claimed).size).toBe(30);
    });
  });
}
