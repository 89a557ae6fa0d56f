import type { ActionRecord } from '../../src/remediation/action-record.ts';
import { createKyselyActionStore } from '../../src/store/approval-ports/kysely-action-store.ts';
import type { DatabaseHandle } from '../../src/store/database-handle.ts';

/** Stores `record` through the store's action port (the one row mapping); @returns it. */
export async function storeAction(handle: DatabaseHandle, record: ActionRecord): Promise<ActionRecord> {
  if ((await createKyselyActionStore(handle.db).claim(record)) !== 'claimed') throw new Error('action not claimed');
  return record;
}
