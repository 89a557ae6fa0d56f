import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { canonicalJson, type JsonValue } from '../json/canonical-json.ts';
import type { Database, HistoryTable } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { withSerializedWrite } from './with-serialized-write.ts';

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Advisory-lock key (Postgres) that serializes history appends across replicas ("lwhist"). */
export const HISTORY_LOCK_KEY = 0x6c7768697374;

/** Rows read per page while verifying. */
const VERIFY_PAGE_SIZE = 500;

/** One entry of the append-only action history. */
export interface HistoryEntry {
  seq: number;
  actionId: string;
  at: string;
  event: JsonValue;
  prevHash: string;
  hash: string;
}

/** Result of {@link verifyChain}: the head hash and length, or the first broken entry. */
export type ChainVerdict =
  | { ok: true; head: string; count: number }
  | { ok: false; seq: number; reason: 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'unparseable-event' };

/**
 * `hash = sha256(prevHash || canonicalJson({seq, action_id, at, event}))`, hex. Exposed so a verifier
 * outside the store (e.g. from a database export) computes the same thing.
 */
export function computeHistoryHash(
  prevHash: string,
  entry: { seq: number; actionId: string; at: string; event: JsonValue },
): string {
  const body = canonicalJson({ seq: entry.seq, action_id: entry.actionId, at: entry.at, event: entry.event });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Appends one event for `actionId`. The chain head is read and the new row inserted in one
 * transaction that is serialized across writers (Postgres `pg_advisory_xact_lock`, SQLite
 * `BEGIN IMMEDIATE`), so two appends never share a `prev_hash`. `seq` is written explicitly as
 * head + 1 so the hashed seq is the stored one and the chain has no gaps.
 *
 * @returns the stored entry (its `hash` is the new chain head, to publish e.g. in a Jira comment).
 * @throws InputError when `event` is not representable as canonical JSON.
 */
export async function appendHistory(
  handle: DatabaseHandle,
  actionId: string,
  event: JsonValue,
  now: Date = new Date(),
): Promise<HistoryEntry> {
  const at = now.toISOString();
  return await withSerializedWrite(handle, HISTORY_LOCK_KEY, (db) => appendHistoryLocked(db, actionId, event, at));
}

/**
 * The body of {@link appendHistory} for a caller that already runs inside a transaction opened with
 * `withSerializedWrite(handle, HISTORY_LOCK_KEY, …)` (so the history head cannot move under it), e.g. one
 * that advances an action, appends its event and enqueues its Jira comment atomically.
 *
 * @param at ISO-8601 UTC time of the event.
 * @throws InputError when `event` is not representable as canonical JSON.
 */
export async function appendHistoryLocked(
  db: Kysely<Database>,
  actionId: string,
  event: JsonValue,
  at: string,
): Promise<HistoryEntry> {
  const eventText = canonicalJson(event);
  const head = await db
    .selectFrom('history')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = head === undefined ? 1 : Number(head.seq) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = computeHistoryHash(prevHash, { seq, actionId, at, event });
  await db
    .insertInto('history')
    .values({ seq, action_id: actionId, at, event: eventText, prev_hash: prevHash, hash })
    .execute();
  return { seq, actionId, at, event: JSON.parse(eventText) as JsonValue, prevHash, hash };
}

/** Reads the history in `seq` order, of one action when `actionId` is given, else all of it. */
export async function readHistory(handle: DatabaseHandle, actionId?: string): Promise<HistoryEntry[]> {
  let query = handle.db.selectFrom('history').selectAll();
  if (actionId !== undefined) query = query.where('action_id', '=', actionId);
  const rows = await query.orderBy('seq').execute();
  return rows.map(toEntry);
}

/** The hashes of the events at these `seq`s (absent ones are missing from the map). */
export async function historyHashesAt(handle: DatabaseHandle, seqs: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(seqs)];
  for (let i = 0; i < unique.length; i += VERIFY_PAGE_SIZE) {
    const rows = await handle.db
      .selectFrom('history')
      .select(['seq', 'hash'])
      .where('seq', 'in', unique.slice(i, i + VERIFY_PAGE_SIZE))
      .execute();
    for (const row of rows) out.set(Number(row.seq), row.hash);
  }
  return out;
}

/**
 * Walks the whole chain in `seq` order (paged) and recomputes every hash. Detects an edited row
 * (hash mismatch), a deleted or inserted row (seq gap / prev-hash mismatch) and an unparseable event.
 * It cannot detect a consistent rewrite of the whole chain: compare `head` with the head published
 * outside the database (Jira evidence comments) for that.
 *
 * @returns `{ ok: true, head, count }` (head = GENESIS_HASH when empty) or the first bad `seq` and why.
 */
export async function verifyChain(handle: DatabaseHandle): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await handle.db
      .selectFrom('history')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(VERIFY_PAGE_SIZE)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, seq, reason: 'seq-gap' };
      if (row.prev_hash !== prevHash) return { ok: false, seq, reason: 'prev-hash-mismatch' };
      let event: JsonValue;
      try {
        event = JSON.parse(row.event) as JsonValue;
      } catch {
        return { ok: false, seq, reason: 'unparseable-event' };
      }
      const hash = computeHistoryHash(prevHash, { seq, actionId: row.action_id, at: row.at, event });
      if (hash !== row.hash) return { ok: false, seq, reason: 'hash-mismatch' };
      prevHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < VERIFY_PAGE_SIZE) return { ok: true, head: prevHash, count: expectedSeq - 1 };
  }
}

function toEntry(row: Selectable<HistoryTable>): HistoryEntry {
  return {
    seq: Number(row.seq),
    actionId: row.action_id,
    at: row.at,
    event: JSON.parse(row.event) as JsonValue,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
