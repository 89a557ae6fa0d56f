import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson, type JsonValue } from '../json/canonical-json.ts';
import type { Database, OutboxTable } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';

/** How long a claimed message stays invisible to other relays unless marked sent or failed. */
const DEFAULT_VISIBILITY_MS = 60_000;

/** One Jira write waiting in the outbox (https://microservices.io/patterns/data/transactional-outbox.html). */
export interface OutboxMessage {
  id: string;
  actionId: string | null;
  kind: 'comment' | 'transition' | 'field';
  issueId: string;
  payload: JsonValue;
  /** Idempotency key of the Jira write, e.g. `comment:<actionId>:verified`. */
  dedupeKey: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * Enqueues a Jira write, idempotent on `dedupeKey` (`INSERT … ON CONFLICT (dedupe_key) DO NOTHING`).
 * Pass the action's transaction as `handle.db` to enqueue atomically with the state change.
 *
 * @returns 'enqueued', or 'duplicate' when a message with that key already exists (whatever its status).
 */
export async function enqueue(
  handle: DatabaseHandle,
  message: {
    actionId: string | null;
    kind: OutboxMessage['kind'];
    issueId: string;
    payload: JsonValue;
    dedupeKey: string;
  },
  now: Date = new Date(),
): Promise<'enqueued' | 'duplicate'> {
  const at = now.toISOString();
  const row = await handle.db
    .insertInto('outbox')
    .values({
      id: randomUUID(),
      action_id: message.actionId,
      kind: message.kind,
      issue_id: message.issueId,
      payload: canonicalJson(message.payload),
      dedupe_key: message.dedupeKey,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? 'duplicate' : 'enqueued';
}

/** The ids of up to `limit` pending messages due at `dueAt` (ISO), oldest due first. */
function dueIds(db: Kysely<Database>, dueAt: string, limit: number) {
  return db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', dueAt)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
}

/**
 * Claims up to `limit` pending messages due at `now` (oldest due first): attempts + 1 and
 * `next_attempt_at` pushed to now + `visibilityMs`, so a concurrent relay skips them and a crashed
 * relay's claim expires. Postgres uses `FOR UPDATE SKIP LOCKED` in a transaction; SQLite one
 * `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`.
 *
 * @returns the claimed messages (attempts already incremented).
 */
export async function claimDue(
  handle: DatabaseHandle,
  now: Date,
  limit: number,
  visibilityMs: number = DEFAULT_VISIBILITY_MS,
): Promise<OutboxMessage[]> {
  const dueAt = now.toISOString();
  const hiddenUntil = new Date(now.getTime() + visibilityMs).toISOString();
  if (handle.dialect === 'postgres') {
    return await handle.db.transaction().execute(async (trx) => {
      const due = await dueIds(trx, dueAt, limit).forUpdate().skipLocked().execute();
      if (due.length === 0) return [];
      const rows = await trx
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: hiddenUntil }))
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .returningAll()
        .execute();
      return rows.map(toMessage).sort(byDue);
    });
  }
  const rows = await handle.db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: hiddenUntil }))
    .where('status', '=', 'pending')
    .where('id', 'in', dueIds(handle.db, dueAt, limit))
    .returningAll()
    .execute();
  return rows.map(toMessage).sort(byDue);
}

/** Marks a message sent. @returns false when it was not pending (already sent or failed). */
export async function markSent(handle: DatabaseHandle, id: string, now: Date = new Date()): Promise<boolean> {
  const result = await handle.db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now.toISOString(), last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a failed send. With a `retryAt` the message stays pending and becomes due then (the caller
 * computes backoff with jitter); with `retryAt: null` it is given up as `failed`.
 *
 * @returns false when it was not pending.
 */
export async function markFailed(
  handle: DatabaseHandle,
  id: string,
  error: string,
  retryAt: Date | null,
): Promise<boolean> {
  const result = await handle.db
    .updateTable('outbox')
    .set({
      last_error: error,
      ...(retryAt === null ? { status: 'failed' } : { next_attempt_at: retryAt.toISOString() }),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Number of messages not yet sent nor given up (for /metrics). */
export async function countPending(handle: DatabaseHandle): Promise<number> {
  const row = await handle.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** @returns the message with this dedupe key, or undefined. */
export async function getOutboxMessage(handle: DatabaseHandle, dedupeKey: string): Promise<OutboxMessage | undefined> {
  const row = await handle.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row === undefined ? undefined : toMessage(row);
}

function byDue(a: OutboxMessage, b: OutboxMessage): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function toMessage(row: OutboxTable): OutboxMessage {
  return {
    id: row.id,
    actionId: row.action_id,
    kind: row.kind as OutboxMessage['kind'],
    issueId: row.issue_id,
    payload: JSON.parse(row.payload) as JsonValue,
    dedupeKey: row.dedupe_key,
    status: row.status as OutboxMessage['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
