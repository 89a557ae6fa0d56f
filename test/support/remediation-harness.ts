import type { ActionRecord } from '../../src/remediation/action-record.ts';
import type { ExecuteDeps } from '../../src/remediation/execute-deps.ts';
import { FakeWorkspaceApi } from './fake-workspace-api.ts';
import { MemoryActionStore } from './memory-action-store.ts';
import { MemoryHistory } from './memory-history.ts';
import { MemoryOutbox } from './memory-outbox.ts';

/** Ports + fakes wired for executor tests; `killSwitch.on` is read before every write. */
export function remediationHarness(policy: Partial<ExecuteDeps['policy']> = {}) {
  const api = new FakeWorkspaceApi();
  const actions = new MemoryActionStore();
  const history = new MemoryHistory();
  const outbox = new MemoryOutbox();
  const killSwitch = { on: false, checks: 0 };
  const deps: ExecuteDeps = {
    api,
    actions,
    history,
    outbox,
    isKillSwitchOn: () => {
      killSwitch.checks += 1;
      return killSwitch.on;
    },
    policy: { dryRun: false, restartPolicy: 'plan', rollbackOnMismatch: true, maxAttempts: 3, ...policy },
    statuses: { done: 'Done', failed: 'Remediation Failed', open: 'To Do' },
    now: () => new Date('2026-09-26T10:45:00Z'),
  };
  return { api, actions, history, outbox, killSwitch, deps };
}

let counter = 0;

/** A queued action for warehouse wh-1: auto_stop_mins 120 → 10, approved by the owner. */
export function queuedAction(overrides: Partial<ActionRecord> = {}): ActionRecord {
  counter += 1;
  const changes = overrides.plan?.changes ?? [{ field: 'auto_stop_mins', before: 120, after: 10 }];
  return {
    id: `act-${counter}`,
    actionKey: `key-${counter}`,
    fingerprint: '3f9a1c0d5e7b2a46',
    ruleId: 'warehouse-auto-stop',
    issueId: '10452',
    issueKey: 'FINOPS-17',
    strategy: 'warehouse-auto-stop',
    resource: { workspaceId: '1234567890', kind: 'warehouse', id: 'wh-1' },
    owner: 'dana@example.com',
    approver: { accountId: '712020:owner', displayName: 'Dana Owner' },
    approvedAt: '2026-09-26T10:41:02.015+0000',
    changelogId: '10871',
    plan: { changes, risk: 'stops after 10 idle minutes', restarts: false },
    targetValue: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    planHash: null,
    rollbackOf: null,
    previousValue: null,
    observedValue: null,
    state: 'queued',
    reason: null,
    attempts: 0,
    createdAt: '2026-09-26T10:44:00Z',
    updatedAt: '2026-09-26T10:44:00Z',
    ...overrides,
  };
}
