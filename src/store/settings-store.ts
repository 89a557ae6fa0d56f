import type { DatabaseHandle } from './database-handle.ts';

/** Settings key of the kill switch; value `on` stops every write (docs/operations.md §6). */
export const KILL_SWITCH_KEY = 'kill_switch';

/** @returns the setting's value and when it was set, or undefined when never set. */
export async function getSetting(
  handle: DatabaseHandle,
  key: string,
): Promise<{ value: string; updatedAt: string } | undefined> {
  const row = await handle.db
    .selectFrom('settings')
    .select(['value', 'updated_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row === undefined ? undefined : { value: row.value, updatedAt: row.updated_at };
}

/** Sets (inserts or overwrites) a setting. */
export async function setSetting(
  handle: DatabaseHandle,
  key: string,
  value: string,
  now: Date = new Date(),
): Promise<void> {
  const updatedAt = now.toISOString();
  await handle.db
    .insertInto('settings')
    .values({ key, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
}

/** @returns true when the kill switch is on. Fails closed: any value other than `off` counts as on. */
export async function isKillSwitchOn(handle: DatabaseHandle): Promise<boolean> {
  const setting = await getSetting(handle, KILL_SWITCH_KEY);
  return setting !== undefined && setting.value !== 'off';
}
