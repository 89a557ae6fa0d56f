import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { type InboxDelivery, toDelivery } from './inbox-store.ts';

/** What {@link settleAndClaimDeliveries} commits for the deliveries a worker holds. */
export interface InboxSettlement {
  /** Processed: status → `done` (as completeDelivery). */
  completed: readonly string[];
  /**
   * Claimed but not started: back to `pending`, due now, and the claim does not count (attempts − 1), as if it
   * had never been claimed.
   */
  released: readonly string[];
}

/**
 * One transaction (one commit, so one fsync on SQLite with `synchronous = FULL`) that settles deliveries
 * `workerId` holds and claims up to `limit` more. Only rows still `processing` under `workerId` are settled (a
 * delivery released as stale and re-claimed elsewhere is left alone, as completeDelivery does). The claim takes
 * the oldest due pending deliveries (the rule of claimNextDueDelivery): Postgres `FOR UPDATE SKIP LOCKED … LIMIT`
 * (concurrent workers get different rows); SQLite one `UPDATE … WHERE delivery_id IN (SELECT … LIMIT) RETURNING`,
 * inside `BEGIN IMMEDIATE` only when there is more than one statement to run (a lone statement is atomic). Each claimed row: status `processing`, `claimed_by` = workerId, `claimed_at` = now,
 * attempts + 1.
 *
 * @param limit how many to claim, 0 to only settle.
 * @returns the claimed deliveries, oldest first (`received_at`, then `delivery_id`).
 * @throws the database error; the transaction is rolled back (nothing settled, nothing claimed).
 */
export async function settleAndClaimDeliveries(
  handle: DatabaseHandle,
  workerId: string,
  settlement: InboxSettlement,
  options: { now: Date; limit: number },
): Promise<InboxDelivery[]> {
  const work = async (db: Kysely<Database>): Promise<InboxDelivery[]> => {
    await settle(db, workerId, settlement, options.now);
    return options.limit > 0 ? await claimDue(handle.dialect, db, workerId, options) : [];
  };
  if (handle.dialect === 'postgres') return await handle.db.transaction().execute(work);
  // One statement is atomic on its own: no explicit transaction (the worker's claim, or its completions alone).
  const statements =
    (settlement.completed.length > 0 ? 1 : 0) + (settlement.released.length > 0 ? 1 : 0) + (options.limit > 0 ? 1 : 0);
  if (statements <= 1) return await work(handle.db);
  return await handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const claimed = await work(conn);
      await sql`commit`.execute(conn);
      return claimed;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

async function settle(db: Kysely<Database>, workerId: string, settlement: InboxSettlement, now: Date): Promise<void> {
  if (settlement.completed.length > 0) {
    await db
      .updateTable('inbox')
      .set({ status: 'done', processed_at: now.toISOString(), last_error: null })
      .where('delivery_id', 'in', [...settlement.completed])
      .where('status', '=', 'processing')
      .where('claimed_by', '=', workerId)
      .execute();
  }
  if (settlement.released.length > 0) {
    await db
      .updateTable('inbox')
      .set((eb) => ({ status: 'pending', claimed_by: null, claimed_at: null, attempts: eb('attempts', '-', 1) }))
      .where('delivery_id', 'in', [...settlement.released])
      .where('status', '=', 'processing')
      .where('claimed_by', '=', workerId)
      .execute();
  }
}

async function claimDue(
  dialect: DatabaseHandle['dialect'],
  db: Kysely<Database>,
  workerId: string,
  options: { now: Date; limit: number },
): Promise<InboxDelivery[]> {
  const at = options.now.toISOString();
  const due = db
    .selectFrom('inbox')
    .select('delivery_id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<=', at)]))
    .orderBy('received_at')
    .orderBy('delivery_id')
    .limit(options.limit);
  const claim = { status: 'processing', claimed_by: workerId, claimed_at: at } as const;
  const update = db
    .updateTable('inbox')
    .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
    .where('status', '=', 'pending');
  // UPDATE … RETURNING gives no order: the claimed rows are put back in the order of `due`.
  if (dialect === 'postgres') {
    const ids = (await due.forUpdate().skipLocked().execute()).map((r) => r.delivery_id);
    if (ids.length === 0) return [];
    const position = new Map(ids.map((id, index) => [id, index]));
    const rows = await update.where('delivery_id', 'in', ids).returningAll().execute();
    return rows.map(toDelivery).sort((a, b) => (position.get(a.deliveryId) ?? 0) - (position.get(b.deliveryId) ?? 0));
  }
  const rows = await update.where('delivery_id', 'in', due).returningAll().execute();
  // SQLite's default BINARY collation compares bytes: for these ASCII ids and ISO times, JavaScript's code-unit order.
  return rows
    .map(toDelivery)
    .sort((a, b) =>
      a.receivedAt === b.receivedAt ? compare(a.deliveryId, b.deliveryId) : compare(a.receivedAt, b.receivedAt),
    );
}

/** Code-unit order of two strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Claims the oldest pending delivery that is due for `workerId`: status → `processing`, attempts + 1 — one
 * {@link settleAndClaimDeliveries} with a limit of 1 and nothing to settle. Pending deliveries deferred into the
 * future by deferDelivery are skipped (for a `pending` row, `claimed_at` holds the earliest time it may be claimed
 * again; NULL = now). Atomic on both dialects (Postgres `FOR UPDATE SKIP LOCKED` in a transaction: concurrent
 * workers get different rows; SQLite one `UPDATE … RETURNING`).
 *
 * @returns the claimed delivery, or undefined when none is due.
 */
export async function claimNextDueDelivery(
  handle: DatabaseHandle,
  workerId: string,
  now: Date = new Date(),
): Promise<InboxDelivery | undefined> {
  const [first] = await settleAndClaimDeliveries(handle, workerId, { completed: [], released: [] }, { now, limit: 1 });
  return first;
}
