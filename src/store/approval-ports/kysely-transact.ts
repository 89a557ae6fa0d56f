import type { Transact } from '../../remediation/ports.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import { HISTORY_LOCK_KEY } from '../history-store.ts';
import { withSerializedWrite } from '../with-serialized-write.ts';
import { createKyselyActionStore } from './kysely-action-store.ts';
import { createKyselyHistory } from './kysely-history.ts';
import { createKyselyOutbox } from './kysely-outbox.ts';

/**
 * One transaction per action step (https://microservices.io/patterns/data/transactional-outbox.html): the compare-and-set on the action, the history
 * append and the outbox rows commit together. It holds the history lock for its whole length (Postgres
 * `pg_advisory_xact_lock`, SQLite `BEGIN IMMEDIATE`), which the append needs anyway.
 */
export function createKyselyTransact(handle: DatabaseHandle, now: () => Date): Transact {
  return (work) =>
    withSerializedWrite(handle, HISTORY_LOCK_KEY, (trx) => {
      const inner = { db: trx, dialect: handle.dialect };
      return work({
        actions: createKyselyActionStore(trx),
        history: createKyselyHistory(inner, trx),
        outbox: createKyselyOutbox(inner, now),
      });
    });
}
