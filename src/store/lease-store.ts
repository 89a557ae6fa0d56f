import type { DatabaseHandle } from './database-handle.ts';

/**
 * Tries to take lease `name` for `holder` until now + `ttlMs`, atomically, with one statement:
 * `INSERT … ON CONFLICT (name) DO UPDATE … WHERE leases.expires_at <= now OR leases.holder = holder`.
 * A free or expired lease is taken over; the current holder renews it; anyone else is refused.
 *
 * @returns true when `holder` holds the lease after the call.
 */
export async function tryAcquireLease(
  handle: DatabaseHandle,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const row = await handle.db
    .insertInto('leases')
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
        .where((eb) => eb.or([eb('leases.expires_at', '<=', now.toISOString()), eb('leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/**
 * Releases lease `name` if `holder` holds it (another holder's lease is left alone).
 *
 * @returns true when a lease was released.
 */
export async function releaseLease(handle: DatabaseHandle, name: string, holder: string): Promise<boolean> {
  const result = await handle.db
    .deleteFrom('leases')
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
