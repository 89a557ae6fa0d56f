import type { FieldChange } from '../findings/field-change.ts';
import type { ResourceKind } from '../snapshot/schema.ts';
import type { ActionState } from './action-machine.ts';

/**
 * One action as persisted (store table `actions`; previous/target values are JSON there). Written ahead
 * of every external call. Times are ISO-8601 UTC.
 */
export interface ActionRecord {
  id: string;
  /** sha256(fingerprint | strategy | target | approving changelog id); unique. */
  actionKey: string;
  fingerprint: string;
  ruleId: string;
  issueId: string;
  issueKey: string;
  strategy: string;
  resource: { workspaceId: string; kind: ResourceKind; id: string };
  owner: string | null;
  approver: { accountId: string; displayName: string | null } | null;
  approvedAt: string | null;
  changelogId: string | null;
  plan: { changes: FieldChange[]; risk: string; restarts: boolean };
  /** The plan's `{field: after}`. */
  targetValue: Record<string, unknown>;
  /** Plan id of the filed plan the action applies (plan-hash.ts); null for actions stored before plans were filed. */
  planHash: string | null;
  /** The id of the verified action this one undoes (a rollback on request); null for a change. */
  rollbackOf: string | null;
  /** Live values read just before the write (the rollback source); null until then. */
  previousValue: Record<string, unknown> | null;
  /** Live values read back after the write; null until then. */
  observedValue: Record<string, unknown> | null;
  state: ActionState;
  reason: string | null;
  /** Writes sent so far (≤ remediation.maxAttempts). */
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields of an action just claimed: queued, nothing read or written yet, created and updated at `at` (ISO). */
export function queuedState(
  at: string,
): Pick<ActionRecord, 'previousValue' | 'observedValue' | 'state' | 'reason' | 'attempts' | 'createdAt' | 'updatedAt'> {
  return {
    previousValue: null,
    observedValue: null,
    state: 'queued',
    reason: null,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}
