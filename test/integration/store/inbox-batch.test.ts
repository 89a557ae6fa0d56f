import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInboxBatch } from '../../../src/approvals/inbox-worker.ts';
import type { ProcessOutcome } from '../../../src/approvals/process-approval.ts';
import type { WebhookHint } from '../../../src/intake/parse-webhook.ts';
import { createKyselyInbox } from '../../../src/store/approval-ports/kysely-inbox.ts';
import type { OpenedStore } from '../../../src/store/create-store.ts';
import { claimNextDueDelivery, settleAndClaimDeliveries } from '../../../src/store/inbox-batch-store.ts';
import { recordDelivery, releaseStaleDeliveries } from '../../../src/store/inbox-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const silent = { info: () => undefined, warn: () => undefined };

/** A parseable approval delivery whose changelog id is `n` (so the worker's order is visible in the hints). */
function delivery(n: number, receivedAt = new Date(T0.getTime() + n * 1000).toISOString()) {
  const body = JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    user: { accountId: 'u1' },
    issue: { id: '10452', key: 'FIN-1' },
    changelog: {
      id: String(n),
      items: [{ field: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'Approved' }],
    },
  });
  return { deliveryId: `d-${String(n).padStart(2, '0')}`, source: 'jira-webhook', receivedAt, body };
}

async function rows(store: OpenedStore) {
  const all = await store.db
    .selectFrom('inbox')
    .select(['delivery_id', 'status', 'attempts', 'claimed_by'])
    .orderBy('delivery_id')
    .execute();
  return Object.fromEntries(all.map((r) => [r.delivery_id, `${r.status}/${Number(r.attempts)}`]));
}

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'inbox batches'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('claims the oldest due deliveries up to the limit, then completes some and releases the rest uncounted', async () => {
      const { store } = ctx;
      for (const n of [3, 1, 4, 2]) await recordDelivery(store, delivery(n));
      const claimed = await settleAndClaimDeliveries(
        store,
        'w',
        { completed: [], released: [] },
        { now: T0, limit: 3 },
      );
      expect(claimed.map((d) => d.deliveryId)).toEqual(['d-01', 'd-02', 'd-03']);
      expect(claimed[0]).toMatchObject({ status: 'processing', attempts: 1, claimedBy: 'w' });
      // Another worker's settlement changes nothing it does not hold.
      await settleAndClaimDeliveries(
        store,
        'other',
        { completed: ['d-01'], released: ['d-02'] },
        { now: T0, limit: 0 },
      );
      expect(await rows(store)).toEqual({
        'd-01': 'processing/1',
        'd-02': 'processing/1',
        'd-03': 'processing/1',
        'd-04': 'pending/0',
      });
      const next = await settleAndClaimDeliveries(
        store,
        'w',
        { completed: ['d-01', 'd-02'], released: ['d-03'] },
        { now: T0, limit: 5 },
      );
      // d-03 is due again at once, its claim not counted, and claimed again in the same transaction.
      expect(next.map((d) => [d.deliveryId, d.attempts])).toEqual([
        ['d-03', 1],
        ['d-04', 1],
      ]);
      expect(await rows(store)).toMatchObject({ 'd-01': 'done/1', 'd-02': 'done/1' });
      expect(
        await settleAndClaimDeliveries(store, 'w', { completed: [], released: [] }, { now: T0, limit: 5 }),
      ).toEqual([]);
    });

    it('gives concurrent workers on separate connections disjoint batches', async () => {
      const replicas = [ctx.store, await ctx.openAnother(), await ctx.openAnother()];
      for (let i = 0; i < 30; i += 1) await recordDelivery(ctx.store, delivery(i));
      const claimed: string[] = [];
      await Promise.all(
        replicas.map(async (replica, r) => {
          for (;;) {
            const batch = await settleAndClaimDeliveries(
              replica,
              `worker-${r}`,
              { completed: [], released: [] },
              { now: T0, limit: 4 },
            );
            if (batch.length === 0) return;
            claimed.push(...batch.map((d) => d.deliveryId));
          }
        }),
      );
      expect(claimed).toHaveLength(30);
      expect(new Set(claimed).size).toBe(30);
    });

    it('processes a batch in order; a failing delivery is deferred without losing or blocking the others', async () => {
      const { store } = ctx;
      for (let n = 1; n <= 5; n += 1) await recordDelivery(store, delivery(n));
      const seen: string[] = [];
      const steps = await runInboxBatch({
        queue: createKyselyInbox(store),
        process: async (hint: WebhookHint): Promise<ProcessOutcome> => {
          seen.push(hint.changelogId ?? '');
          if (hint.changelogId === '2') throw new Error('Jira unreachable');
          return { kind: 'ignored', reason: 'test' };
        },
        workerId: 'w',
        now: () => T0,
        random: () => 0.5,
        backoff: { baseMs: 1000, maxMs: 60_000 },
        batchSize: 4,
        log: silent,
      });
      expect(seen).toEqual(['1', '2', '3', '4']);
      expect(steps.map((s) => s.kind)).toEqual(['done', 'deferred', 'done', 'done']);
      expect(await rows(store)).toEqual({
        'd-01': 'done/1',
        'd-02': 'pending/1',
        'd-03': 'done/1',
        'd-04': 'done/1',
        'd-05': 'pending/0',
      });
      // The deferred one waits for its backoff; the one beyond the batch is next.
      expect((await claimNextDueDelivery(store, 'w', T0))?.deliveryId).toBe('d-05');
    });

    it('processes every delivery of a batch again after a crash mid-batch, once its claim is released as stale', async () => {
      const { store } = ctx;
      for (let n = 1; n <= 3; n += 1) await recordDelivery(store, delivery(n));
      const seen: string[] = [];
      // The first worker processes d-01, then dies inside d-02 (its promise never settles): nothing is completed.
      void runInboxBatch({
        queue: createKyselyInbox(store),
        process: (hint) => {
          seen.push(`first ${hint.changelogId}`);
          return hint.changelogId === '1'
            ? Promise.resolve({ kind: 'ignored', reason: 'test' })
            : new Promise<ProcessOutcome>(() => undefined);
        },
        workerId: 'crashed',
        now: () => T0,
        random: () => 0.5,
        log: silent,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toEqual(['first 1', 'first 2']);
      expect(await rows(store)).toEqual({ 'd-01': 'processing/1', 'd-02': 'processing/1', 'd-03': 'processing/1' });

      const restarted = await ctx.openAnother();
      expect(await releaseStaleDeliveries(restarted, new Date(T0.getTime() + 60_000))).toBe(3);
      const steps = await runInboxBatch({
        queue: createKyselyInbox(restarted),
        process: async (hint) => {
          seen.push(`second ${hint.changelogId}`);
          return { kind: 'ignored', reason: 'test' };
        },
        workerId: 'restarted',
        now: () => new Date(T0.getTime() + 61_000),
        random: () => 0.5,
        log: silent,
      });
      expect(steps.map((s) => s.kind)).toEqual(['done', 'done', 'done']);
      expect(seen.slice(2)).toEqual(['second 1', 'second 2', 'second 3']);
      expect(await rows(restarted)).toEqual({ 'd-01': 'done/2', 'd-02': 'done/2', 'd-03': 'done/2' });
    });
  });
}
