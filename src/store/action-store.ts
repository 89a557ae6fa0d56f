import { randomUUID } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../json/canonical-json.ts';
import type { ActionsTable } from './database.ts';
import type { DatabaseHandle } from './database-handle.ts';

/** The action state machine's states (docs/approvals.md "The checks, in order"). */
export type ActionState = 'queued' | 'applying' | 'verifying' | 'verified' | 'failed' | 'refused' | 'rolled_back';

/** The current-state row of one action (the write-ahead record, https://brandur.org/idempotency-keys). */
export interface ActionRecord {
  id: string;
  /** sha256(fingerprint | strategy | target value | approving changelog id); unique. */
  actionKey: string;
  fingerprint: string;
  issueId: string;
  strategy: string;
  workspaceId: string;
  resourceKind: string;
  resourceId: string;
  approver: string | null;
  approvedAt: string | null;
  plan: JsonValue;
  previousValue: JsonValue | null;
  targetValue: JsonValue | null;
  state: ActionState;
  reason: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** What a caller supplies to claim an action; id, attempts and times are filled in. */
export type NewAction = Omit<ActionRecord, 'id' | 'attempts' | 'createdAt' | 'updatedAt' | 'state' | 'reason'> & {
  state?: ActionState;
  reason?: string | null;
};

/** Fields `updateActionState` may change together with the state. */
export interface ActionPatch {
  reason?: string | null;
  previousValue?: JsonValue | null;
  targetValue?: JsonValue | null;
  /** Adds one to `attempts` (e.g. on entering `applying`). */
  incrementAttempts?: boolean;
}

/**
 * Claims an action by its unique key with one `INSERT … ON CONFLICT (action_key) DO NOTHING
 * RETURNING` (https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE): exactly one caller across all replicas gets the row.
 *
 * @returns the stored record, or undefined when the key was already claimed (do nothing then).
 */
export async function claimAction(
  handle: DatabaseHandle,
  action: NewAction,
  now: Date = new Date(),
): Promise<ActionRecord | undefined> {
  const at = now.toISOString();
  const row = await handle.db
    .insertInto('actions')
    .values({
      id: randomUUID(),
      action_key: action.actionKey,
      fingerprint: action.fingerprint,
      issue_id: action.issueId,
      strategy: action.strategy,
      workspace_id: action.workspaceId,
      resource_kind: action.resourceKind,
      resource_id: action.resourceId,
      approver: action.approver,
      approved_at: action.approvedAt,
      plan: canonicalJson(action.plan),
      previous_value: toJsonText(action.previousValue),
      target_value: toJsonText(action.targetValue),
      state: action.state ?? 'queued',
      reason: action.reason ?? null,
      attempts: 0,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('action_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toActionRecord(row);
}

/** @returns the action with this id, or undefined. */
export async function getAction(handle: DatabaseHandle, id: string): Promise<ActionRecord | undefined> {
  const row = await handle.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toActionRecord(row);
}

/** @returns the action with this key, or undefined. */
export async function getActionByKey(handle: DatabaseHandle, actionKey: string): Promise<ActionRecord | undefined> {
  const row = await handle.db.selectFrom('actions').selectAll().where('action_key', '=', actionKey).executeTakeFirst();
  return row === undefined ? undefined : toActionRecord(row);
}

/**
 * Compare-and-set transition: moves action `id` from `expectedState` to `newState` and applies `patch`
 * in one `UPDATE … WHERE id = ? AND state = ?`. Whether the transition is *allowed* is the state
 * machine's decision (src/remediation), not the store's.
 *
 * @returns false when the action is missing or its state is no longer `expectedState`.
 */
export async function updateActionState(
  handle: DatabaseHandle,
  id: string,
  expectedState: ActionState,
  newState: ActionState,
  patch: ActionPatch = {},
  now: Date = new Date(),
): Promise<boolean> {
  const result = await handle.db
    .updateTable('actions')
    .set((eb) => ({
      state: newState,
      updated_at: now.toISOString(),
      ...(patch.reason !== undefined && { reason: patch.reason }),
      ...(patch.previousValue !== undefined && { previous_value: toJsonText(patch.previousValue) }),
      ...(patch.targetValue !== undefined && { target_value: toJsonText(patch.targetValue) }),
      ...(patch.incrementAttempts === true && { attempts: eb('attempts', '+', 1) }),
    }))
    .where('id', '=', id)
    .where('state', '=', expectedState)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Lists actions, newest first.
 *
 * @param query.states only these states (all when omitted or empty).
 * @param query.limit at most this many rows.
 */
export async function listActions(
  handle: DatabaseHandle,
  query: { states?: readonly ActionState[]; limit: number },
): Promise<ActionRecord[]> {
  let select = handle.db.selectFrom('actions').selectAll();
  if (query.states !== undefined && query.states.length > 0) select = select.where('state', 'in', [...query.states]);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toActionRecord);
}

function toJsonText(value: JsonValue | null): string | null {
  return value === null ? null : canonicalJson(value);
}

function fromJsonText(text: string | null): JsonValue | null {
  return text === null ? null : (JSON.parse(text) as JsonValue);
}

function toActionRecord(row: ActionsTable): ActionRecord {
  return {
    id: row.id,
    actionKey: row.action_key,
    fingerprint: row.fingerprint,
    issueId: row.issue_id,
    strategy: row.strategy,
    workspaceId: row.workspace_id,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    approver: row.approver,
    approvedAt: row.approved_at,
    plan: JSON.parse(row.plan) as JsonValue,
    previousValue: fromJsonText(row.previous_value),
    targetValue: fromJsonText(row.target_value),
    state: row.state as ActionState,
    reason: row.reason,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
