import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimDue,
  countPending,
  enqueue,
  getOutboxMessage,
  markFailed,
  markSent,
} from '../../../src/store/outbox-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function comment(dedupeKey: string) {
  return {
    actionId: 'action-1',
    kind: 'comment' as const,
    issueId: '10001',
    payload: { body: 'Applied and verified', actionId: 'action-1' },
    dedupeKey,
  };
}

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'outbox store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('enqueues idempotently on the dedupe key', async () => {
      const { store } = ctx;
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => enqueue(store, comment('c:action-1'), T0)));
      expect(outcomes.filter((o) => o === 'enqueued')).toHaveLength(1);
      expect(await countPending(store)).toBe(1);
      expect(await getOutboxMessage(store, 'c:action-1')).toMatchObject({
        ...comment('c:action-1'),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0.toISOString(),
      });
    });

    it('claims due messages once, hides them while claimed, and marks them sent', async () => {
      const { store } = ctx;
      await enqueue(store, comment('c:1'), T0);
      await enqueue(store, comment('c:2'), at(1));
      await enqueue(store, comment('c:3'), at(10_000));

      const claimed = await claimDue(store, at(5), 10, 60_000);
      expect(claimed.map((m) => m.dedupeKey)).toEqual(['c:1', 'c:2']);
      expect(claimed.every((m) => m.attempts === 1)).toBe(true);
      expect((await claimDue(store, at(20_000), 10, 60_000)).map((m) => m.dedupeKey)).toEqual(['c:3']);
      expect(await claimDue(store, at(30_000), 10)).toEqual([]);

      expect(await markSent(store, claimed[0]?.id ?? '', at(6))).toBe(true);
      expect(await markSent(store, claimed[0]?.id ?? '', at(7))).toBe(false);
      expect(await getOutboxMessage(store, 'c:1')).toMatchObject({ status: 'sent', sentAt: at(6).toISOString() });
      expect(await enqueue(store, comment('c:1'), at(8))).toBe('duplicate');
      expect(await countPending(store)).toBe(2);

      const reclaimed = await claimDue(store, at(5 + 60_000), 10);
      expect(reclaimed.map((m) => [m.dedupeKey, m.attempts])).toEqual([['c:2', 2]]);
    });

    it('retries a failed send at retryAt and gives up when retryAt is null', async () => {
      const { store } = ctx;
      await enqueue(store, comment('c:1'), T0);
      const [message] = await claimDue(store, T0, 1);
      const id = message?.id ?? '';
      expect(await markFailed(store, id, 'jira 429', at(120_000))).toBe(true);
      expect(await claimDue(store, at(119_999), 10)).toEqual([]);
      const [retry] = await claimDue(store, at(120_000), 10);
      expect(retry).toMatchObject({ id, attempts: 2, lastError: 'jira 429' });
      expect(await markFailed(store, id, 'jira 400', null)).toBe(true);
      expect(await getOutboxMessage(store, 'c:1')).toMatchObject({ status: 'failed', lastError: 'jira 400' });
      expect(await countPending(store)).toBe(0);
      expect(await claimDue(store, at(10_000_000), 10)).toEqual([]);
    });

    it('never hands the same message to two relays claiming at once', async () => {
      for (let i = 0; i < 40; i += 1) await enqueue(ctx.store, comment(`c:${String(i).padStart(2, '0')}`), T0);
      const relays = [ctx.store, await ctx.openAnother(), await ctx.openAnother()];
      const batches = await Promise.all(
        relays.flatMap((relay) => Array.from({ length: 4 }, () => claimDue(relay, at(1), 5))),
      );
      const ids = batches.flat().map((m) => m.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    });
  });
}
