import type { CompiledQuery } from 'kysely';
import type { InboxTable } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';

/** One webhook delivery as stored in the durable inbox. */
export interface InboxDelivery {
  /** `X-Atlassian-Webhook-Identifier`, or a key derived from the payload when the header is absent. */
  deliveryId: string;
  /** Where it came from, e.g. `jira`. */
  source: string;
  receivedAt: string;
  /** The raw body as received (verified before it is recorded). */
  body: string;
  status: 'pending' | 'processing' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  claimedBy: string | null;
  claimedAt: string | null;
  processedAt: string | null;
}

/**
 * Records a verified delivery as `pending` with one `INSERT … ON CONFLICT (delivery_id) DO NOTHING`
 * (never select-then-insert, which races between replicas). The statement is built and compiled by kysely once
 * per database and run with new parameters on every delivery (it is on the webhook's hot path).
 *
 * @returns 'accepted' when this call stored it, 'duplicate' when the id was already there.
 */
export async function recordDelivery(
  handle: DatabaseHandle,
  delivery: { deliveryId: string; source: string; receivedAt: string; body: string },
): Promise<'accepted' | 'duplicate'> {
  const insert = insertDeliveryQuery(handle);
  const { rows } = await handle.db.executeQuery({
    ...insert,
    parameters: [delivery.deliveryId, delivery.source, delivery.receivedAt, delivery.body, 'pending', 0],
  });
  return rows.length === 0 ? 'duplicate' : 'accepted';
}

const insertQueries = new WeakMap<DatabaseHandle['db'], CompiledQuery<{ delivery_id: string }>>();

/** The compiled insert of recordDelivery for this database; its parameters in the order of `values` below. */
function insertDeliveryQuery(handle: DatabaseHandle): CompiledQuery<{ delivery_id: string }> {
  const known = insertQueries.get(handle.db);
  if (known !== undefined) return known;
  const compiled = handle.db
    .insertInto('inbox')
    .values({ delivery_id: '', source: '', received_at: '', body: '', status: 'pending', attempts: 0 })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('delivery_id')
    .compile();
  if (compiled.parameters.length !== 6) throw new Error('inbox insert: expected 6 parameters');
  insertQueries.set(handle.db, compiled);
  return compiled;
}

/**
 * True when the inbox holds a row with this `delivery_id`, `source` and byte-identical `body` (a primary-key
 * lookup, so at most one row; the body is compared by the database). Compiled once per database, like the insert of recordDelivery.
 */
export async function isDeliveryRecorded(
  handle: DatabaseHandle,
  delivery: { deliveryId: string; source: string; body: string },
): Promise<boolean> {
  const { rows } = await handle.db.executeQuery({
    ...recordedQuery(handle),
    parameters: [delivery.deliveryId, delivery.source, delivery.body],
  });
  return rows.length > 0;
}

const recordedQueries = new WeakMap<DatabaseHandle['db'], CompiledQuery<{ delivery_id: string }>>();

/** The compiled select of isDeliveryRecorded; parameters: delivery id, source, body. */
function recordedQuery(handle: DatabaseHandle): CompiledQuery<{ delivery_id: string }> {
  const known = recordedQueries.get(handle.db);
  if (known !== undefined) return known;
  const compiled = handle.db
    .selectFrom('inbox')
    .select('delivery_id')
    .where('delivery_id', '=', '')
    .where('source', '=', '')
    .where('body', '=', '')
    .compile();
  if (compiled.parameters.length !== 3) throw new Error('inbox lookup: expected 3 parameters');
  recordedQueries.set(handle.db, compiled);
  return compiled;
}

/**
 * Marks a delivery `done`. Only a `processing` row claimed by `workerId` changes.
 *
 * @returns false when the row was not in that state (e.g. re-claimed by another worker).
 */
export async function completeDelivery(
  handle: DatabaseHandle,
  deliveryId: string,
  workerId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await handle.db
    .updateTable('inbox')
    .set({ status: 'done', processed_at: now.toISOString(), last_error: null })
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'processing')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a processing failure. With `retry: true` the delivery goes back to `pending` (a later claim
 * retries it); otherwise it becomes `failed` for an operator to look at.
 *
 * @returns false when the row was not `processing` under `workerId`.
 */
export async function failDelivery(
  handle: DatabaseHandle,
  deliveryId: string,
  workerId: string,
  error: string,
  options: { retry: boolean; now?: Date },
): Promise<boolean> {
  const result = await handle.db
    .updateTable('inbox')
    .set({
      status: options.retry ? 'pending' : 'failed',
      last_error: error,
      processed_at: options.retry ? null : (options.now ?? new Date()).toISOString(),
    })
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'processing')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Puts deliveries back to `pending` that were claimed before `claimedBefore` and never completed or
 * failed (their worker crashed or lost its connection). Run it periodically with a cut-off well above
 * the longest processing time; processing must be idempotent anyway (the action key makes it so).
 *
 * @returns how many deliveries were released.
 */
export async function releaseStaleDeliveries(handle: DatabaseHandle, claimedBefore: Date): Promise<number> {
  const result = await handle.db
    .updateTable('inbox')
    .set({ status: 'pending', claimed_by: null, claimed_at: null })
    .where('status', '=', 'processing')
    .where('claimed_at', '<', claimedBefore.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Number of deliveries waiting to be claimed (for /metrics and /readyz). */
export async function countPending(handle: DatabaseHandle): Promise<number> {
  const row = await handle.db
    .selectFrom('inbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A row of table `inbox` as an {@link InboxDelivery}. */
export function toDelivery(row: InboxTable): InboxDelivery {
  return {
    deliveryId: row.delivery_id,
    source: row.source,
    receivedAt: row.received_at,
    body: row.body,
    status: row.status as InboxDelivery['status'],
    attempts: Number(row.attempts),
    lastError: row.last_error,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    processedAt: row.processed_at,
  };
}

/**
 * Puts a `processing` delivery of `workerId` back to `pending`, claimable again only from `notBefore`
 * (retry with backoff; see {@link claimNextDueDelivery}).
 *
 * @returns false when the row was not `processing` under `workerId`.
 */
export async function deferDelivery(
  handle: DatabaseHandle,
  deliveryId: string,
  workerId: string,
  error: string,
  notBefore: Date,
): Promise<boolean> {
  const result = await handle.db
    .updateTable('inbox')
    .set({ status: 'pending', last_error: error, claimed_by: null, claimed_at: notBefore.toISOString() })
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'processing')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
