import type { SavingsLedger } from '../records/savings-ledger.ts';
import { listActions } from './action-store.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { appendHistory, readHistory } from './history-store.ts';
import { listSavingsLedger, markSavingsPosted, recordSavingsMeasurement } from './savings-store.ts';

/** The {@link SavingsLedger} port over the store's database (SQLite or Postgres). */
export function createSavingsLedger(handle: DatabaseHandle): SavingsLedger {
  return {
    listVerifiedActions: (limit) => listActions(handle, { states: ['verified'], limit }),
    list: () => listSavingsLedger(handle),
    record: (record) => recordSavingsMeasurement(handle, record),
    markPosted: (measurementKey, now) => markSavingsPosted(handle, measurementKey, now),
    readHistory: (actionId) => readHistory(handle, actionId),
    appendHistory: (actionId, event, now) => appendHistory(handle, actionId, event, now),
  };
}
