import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseLease, tryAcquireLease } from '../../../src/store/lease-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'lease store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('grants a lease to one holder, refuses another until expiry, then lets it take over', async () => {
      const { store } = ctx;
      expect(await tryAcquireLease(store, 'scheduler', 'replica-a', 30_000, T0)).toBe(true);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-b', 30_000, at(1_000))).toBe(false);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-a', 30_000, at(20_000))).toBe(true);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-b', 30_000, at(49_999))).toBe(false);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-b', 30_000, at(50_000))).toBe(true);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-a', 30_000, at(50_001))).toBe(false);
      expect(await tryAcquireLease(store, 'other-job', 'replica-a', 30_000, at(50_001))).toBe(true);
    });

    it('releases only the holder’s own lease', async () => {
      const { store } = ctx;
      await tryAcquireLease(store, 'scheduler', 'replica-a', 30_000, T0);
      expect(await releaseLease(store, 'scheduler', 'replica-b')).toBe(false);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-b', 30_000, at(1))).toBe(false);
      expect(await releaseLease(store, 'scheduler', 'replica-a')).toBe(true);
      expect(await tryAcquireLease(store, 'scheduler', 'replica-b', 30_000, at(2))).toBe(true);
    });

    it('grants a contested free lease to exactly one of several replicas', async () => {
      const replicas = [ctx.store, await ctx.openAnother(), await ctx.openAnother(), await ctx.openAnother()];
      const won = await Promise.all(
        replicas.map((replica, i) => tryAcquireLease(replica, 'scan', `r-${i}`, 60_000, T0)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}
