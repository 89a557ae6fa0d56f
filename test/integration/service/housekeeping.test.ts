import { afterEach, describe, expect, it } from 'vitest';
import { PRUNED_BODY, runHousekeeping } from '../../../src/service/run-housekeeping.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import { recordDelivery } from '../../../src/store/inbox-store.ts';
import { tryAcquireLease } from '../../../src/store/lease-store.ts';

let store: OpenedStore | undefined;
afterEach(async () => {
  await store?.close();
});

const NOW = new Date('2026-11-22T03:17:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

describe('runHousekeeping (SQLite store)', () => {
  it('releases stale claims, prunes old processed bodies (keeping the delivery id), deletes long-expired leases', async () => {
    store = await createStore({ sqlitePath: ':memory:' });
    const s = store;
    const add = (id: string, receivedAt: string) =>
      recordDelivery(s, { deliveryId: id, source: 'jira', receivedAt, body: `{"id":"${id}"}` });
    await add('old-done', daysAgo(40));
    await add('old-failed', daysAgo(40));
    await add('old-pending', daysAgo(40));
    await add('recent-done', daysAgo(2));
    await add('stale-claim', daysAgo(1));
    await s.db
      .updateTable('inbox')
      .set({ status: 'done' })
      .where('delivery_id', 'in', ['old-done', 'recent-done'])
      .execute();
    await s.db.updateTable('inbox').set({ status: 'failed' }).where('delivery_id', '=', 'old-failed').execute();
    await s.db
      .updateTable('inbox')
      .set({
        status: 'processing',
        claimed_by: 'dead-worker',
        claimed_at: new Date(NOW.getTime() - 20 * 60_000).toISOString(),
      })
      .where('delivery_id', '=', 'stale-claim')
      .execute();
    await tryAcquireLease(s, 'slot:scan:2026-11-01T06:00:00.000Z', 'a', 1000, new Date(daysAgo(3)));
    await tryAcquireLease(s, 'job:scan', 'b', 60_000, NOW);

    const result = await runHousekeeping(s, { now: NOW, inboxRetentionDays: 30, staleDeliveryMinutes: 15 });
    expect(result).toEqual({ releasedDeliveries: 1, prunedBodies: 2, expiredLeases: 1, prunedAskData: 0 });
    const rows = await s.db
      .selectFrom('inbox')
      .select(['delivery_id', 'status', 'body'])
      .orderBy('delivery_id')
      .execute();
    const byId = Object.fromEntries(rows.map((r) => [r.delivery_id, r]));
    expect(byId['old-done']?.body).toBe(PRUNED_BODY);
    expect(byId['old-failed']?.body).toBe(PRUNED_BODY);
    expect(byId['old-pending']?.body).toBe('{"id":"old-pending"}'); // not processed yet: kept
    expect(byId['recent-done']?.body).toBe('{"id":"recent-done"}');
    expect(byId['stale-claim']?.status).toBe('pending');
    // a redelivery of a pruned delivery is still recognised
    expect(await add('old-done', NOW.toISOString())).toBe('duplicate');
    const leases = await s.db.selectFrom('leases').select('name').execute();
    expect(leases.map((l) => l.name)).toEqual(['job:scan']);
    // idempotent
    expect(await runHousekeeping(s, { now: NOW, inboxRetentionDays: 30, staleDeliveryMinutes: 15 })).toEqual({
      releasedDeliveries: 0,
      prunedBodies: 0,
      expiredLeases: 0,
      prunedAskData: 0,
    });
  });
});
