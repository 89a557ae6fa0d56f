import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, GENESIS_HASH, readHistory, verifyChain } from '../../../src/store/history-store.ts';
import { HISTORY_APPEND_ONLY_MESSAGE } from '../../../src/store/migrations/002-actions-history-inbox-outbox.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'history store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    async function appendThree() {
      const { store } = ctx;
      const at = new Date('2026-01-01T00:00:00.000Z');
      await appendHistory(store, 'action-1', { type: 'claimed', approver: 'acc-ada' }, at);
      await appendHistory(store, 'action-2', { type: 'claimed', approver: 'acc-bob' }, at);
      return await appendHistory(store, 'action-1', { type: 'verified', readBack: { auto_stop_mins: 10 } }, at);
    }

    it('chains entries and verifies a clean chain', async () => {
      const { store } = ctx;
      expect(await verifyChain(store)).toEqual({ ok: true, head: GENESIS_HASH, count: 0 });
      const last = await appendThree();
      const all = await readHistory(store);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(all[0]?.prevHash).toBe(GENESIS_HASH);
      expect(all[1]?.prevHash).toBe(all[0]?.hash);
      expect(all[2]).toEqual(last);
      expect((await readHistory(store, 'action-1')).map((e) => e.event)).toEqual([
        { type: 'claimed', approver: 'acc-ada' },
        { type: 'verified', readBack: { auto_stop_mins: 10 } },
      ]);
      expect(await verifyChain(store)).toEqual({ ok: true, head: last.hash, count: 3 });
    });

    it('rejects UPDATE and DELETE on history in the database itself', async () => {
      const { store } = ctx;
      await appendThree();
      await expect(sql`update history set event = '{}' where seq = 1`.execute(store.db)).rejects.toThrow(
        HISTORY_APPEND_ONLY_MESSAGE,
      );
      await expect(sql`delete from history where seq = 3`.execute(store.db)).rejects.toThrow(
        HISTORY_APPEND_ONLY_MESSAGE,
      );
      if (target.name === 'postgres') {
        await expect(sql`truncate history`.execute(store.db)).rejects.toThrow(HISTORY_APPEND_ONLY_MESSAGE);
      }
      expect(await verifyChain(store)).toMatchObject({ ok: true, count: 3 });
    });

    it('detects an edited, a re-hashed and a deleted row once the triggers are dropped', async () => {
      const { store } = ctx;
      await appendThree();
      if (target.name === 'sqlite') {
        await sql`drop trigger history_no_update`.execute(store.db);
        await sql`drop trigger history_no_delete`.execute(store.db);
      } else {
        await sql`drop trigger history_no_update_delete on history`.execute(store.db);
      }

      await sql`update history set event = ${'{"approver":"acc-mallory","type":"claimed"}'} where seq = 2`.execute(
        store.db,
      );
      expect(await verifyChain(store)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });

      await sql`update history set hash = ${'f'.repeat(64)} where seq = 2`.execute(store.db);
      expect(await verifyChain(store)).toMatchObject({ ok: false, seq: 2 });

      await sql`delete from history where seq = 2`.execute(store.db);
      expect(await verifyChain(store)).toEqual({ ok: false, seq: 3, reason: 'seq-gap' });
    });

    it('keeps one unbroken chain when replicas append concurrently', async () => {
      // SQLite is one process with one connection (kysely serializes it); Postgres replicas each have a pool.
      const replicas =
        target.name === 'postgres'
          ? [ctx.store, await ctx.openAnother(), await ctx.openAnother()]
          : [ctx.store, ctx.store, ctx.store];
      await Promise.all(
        replicas.flatMap((replica, r) =>
          Array.from({ length: 15 }, (_, i) => appendHistory(replica, `action-${r}`, { type: 'event', i })),
        ),
      );
      const verdict = await verifyChain(ctx.store);
      expect(verdict).toMatchObject({ ok: true, count: 45 });
      expect(new Set((await readHistory(ctx.store)).map((e) => e.prevHash)).size).toBe(45);
    });
  });
}
