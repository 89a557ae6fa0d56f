import type { ActionRecord } from '../../src/remediation/action-record.ts';
import { createKyselyActionStore } from '../../src/store/approval-ports/kysely-action-store.ts';
import type { DatabaseHandle } from '../../src/store/database-handle.ts';

/** An action as the approval worker stores it (remediation/action-record.ts), with test defaults. */
export function actionRecord(overrides: Partial<ActionRecord> = {}): ActionRecord {
  const changes = overrides.plan?.changes ?? [{ field: 'auto_stop_mins', before: 0, after: 10 }];
  return {
    id: 'act-1',
    actionKey: 'key-1',
    fingerprint: '0123456789abcdef',
    ruleId: 'warehouse-auto-stop-too-long',
    issueId: '10001',
    issueKey: 'FIN-1',
    strategy: 'warehouse-auto-stop',
    resource: { workspaceId: '1234567890', kind: 'warehouse', id: 'wh-1' },
    owner: null,
    approver: { accountId: 'acc-ada', displayName: null },
    approvedAt: '2026-01-01T00:00:00.000Z',
    changelogId: '10871',
    plan: { changes, risk: 'low', restarts: false },
    targetValue: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    planHash: null,
    rollbackOf: null,
    previousValue: null,
    observedValue: null,
    state: 'queued',
    reason: null,
    attempts: 0,
    createdAt: '2026-01-01T00:01:00.000Z',
    updatedAt: '2026-01-01T00:01:00.000Z',
    ...overrides,
  };
}

/** Stores `record` through the store's action port (the one row mapping); @returns it. */
export async function storeAction(handle: DatabaseHandle, record: ActionRecord): Promise<ActionRecord> {
  if ((await createKyselyActionStore(handle.db).claim(record)) !== 'claimed') throw new Error('action not claimed');
  return record;
}
