import type { ActionState } from '../remediation/action-machine.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import { createKyselyActionStore } from './approval-ports/kysely-action-store.ts';
import type { DatabaseHandle } from './database-handle.ts';

/**
 * Lists actions (the one {@link ActionRecord} of remediation/action-record.ts, mapped from the `actions` row by
 * approval-ports/action-row.ts), newest first.
 *
 * @param query.states only these states (all when omitted or empty).
 * @param query.limit at most this many rows.
 */
export function listActions(
  handle: DatabaseHandle,
  query: { states?: readonly ActionState[]; limit: number },
): Promise<ActionRecord[]> {
  return createKyselyActionStore(handle.db).list(query);
}
