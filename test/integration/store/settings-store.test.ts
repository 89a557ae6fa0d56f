import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSetting, isKillSwitchOn, KILL_SWITCH_KEY, setSetting } from '../../../src/store/settings-store.ts';
import { describeName, type StoreTarget, storeTargets } from './store-targets.ts';

for (const target of storeTargets) {
  describe.skipIf(target.skipReason !== undefined)(describeName(target, 'settings store'), () => {
    let ctx: Awaited<ReturnType<StoreTarget['open']>>;
    beforeEach(async () => {
      ctx = await target.open();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('sets, overwrites and reads settings; the kill switch fails closed', async () => {
      const { store } = ctx;
      expect(await getSetting(store, KILL_SWITCH_KEY)).toBeUndefined();
      expect(await isKillSwitchOn(store)).toBe(false);
      await setSetting(store, KILL_SWITCH_KEY, 'on', new Date('2026-01-01T00:00:00.000Z'));
      expect(await isKillSwitchOn(store)).toBe(true);
      await setSetting(store, KILL_SWITCH_KEY, 'off', new Date('2026-01-02T00:00:00.000Z'));
      expect(await getSetting(store, KILL_SWITCH_KEY)).toEqual({ value: 'off', updatedAt: '2026-01-02T00:00:00.000Z' });
      expect(await isKillSwitchOn(store)).toBe(false);
      await setSetting(store, KILL_SWITCH_KEY, 'garbage');
      expect(await isKillSwitchOn(store)).toBe(true);
    });
  });
}
