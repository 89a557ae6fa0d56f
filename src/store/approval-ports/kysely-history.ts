import type { Kysely } from 'kysely';
import type { JsonValue } from '../../json/canonical-json.ts';
import type { HistoryPort } from '../../remediation/ports.ts';
import type { Database } from '../database.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import { appendHistoryLocked, HISTORY_LOCK_KEY } from '../history-store.ts';
import { withSerializedWrite } from '../with-serialized-write.ts';

function toJson(event: Record<string, unknown>): JsonValue {
  return JSON.parse(JSON.stringify(event)) as JsonValue;
}

/**
 * HistoryPort over the hash-chained `history` table. `locked` is a transaction that already holds the
 * history lock (see kysely-transact.ts); without it every append takes the lock itself.
 */
export function createKyselyHistory(handle: DatabaseHandle, locked?: Kysely<Database>): HistoryPort {
  return {
    async append(actionId, at, event) {
      const entry =
        locked === undefined
          ? await withSerializedWrite(handle, HISTORY_LOCK_KEY, (db) =>
              appendHistoryLocked(db, actionId, toJson(event), at),
            )
          : await appendHistoryLocked(locked, actionId, toJson(event), at);
      return { seq: entry.seq, hash: entry.hash };
    },
  };
}
