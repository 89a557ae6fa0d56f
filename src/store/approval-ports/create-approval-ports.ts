import type { DatabaseHandle } from '../database-handle.ts';
import { isKillSwitchOn } from '../settings-store.ts';
import { createKyselyActionStore } from './kysely-action-store.ts';
import { createKyselyHistory } from './kysely-history.ts';
import { createKyselyInbox } from './kysely-inbox.ts';
import { createKyselyOutbox } from './kysely-outbox.ts';
import { createKyselyTransact } from './kysely-transact.ts';

/** Every approvals port over one open store (SQLite or Postgres), for main.ts to wire. */
export function createApprovalPorts(handle: DatabaseHandle, now: () => Date = () => new Date()) {
  return {
    inbox: createKyselyInbox(handle),
    actions: createKyselyActionStore(handle.db),
    history: createKyselyHistory(handle),
    outbox: createKyselyOutbox(handle, now),
    transact: createKyselyTransact(handle, now),
    /** The store's kill-switch flag (settings `kill_switch`), fail closed on any value but `off`. */
    storeKillSwitch: () => isKillSwitchOn(handle),
  };
}

export type ApprovalPorts = ReturnType<typeof createApprovalPorts>;
