import { canonicalJsonOfSerialized as json } from '../../json/canonical-json.ts';
import type { ActionState } from '../../remediation/action-machine.ts';
import type { ActionRecord } from '../../remediation/action-record.ts';
import type { ResourceKind } from '../../snapshot/schema.ts';
import type { ActionsTable } from '../database.ts';

/**
 * What the `plan` column holds: the plan plus the record fields migration 002 has no column for
 * (rule, issue key, owner, approver display name, approving changelog id, read-back values, plan id). One JSON
 * document (canonical JSON text), rewritten whole on every update.
 */
interface PlanDocument {
  plan: ActionRecord['plan'];
  ruleId: string;
  issueKey: string;
  owner: string | null;
  approver: ActionRecord['approver'];
  changelogId: string | null;
  observedValue: Record<string, unknown> | null;
  /** Absent in actions stored before migration 005 (read as null). */
  planHash?: string | null;
  /** The action a rollback undoes; absent for changes and for actions stored before it existed. */
  rollbackOf?: string | null;
}

/** ActionRecord → `actions` row (JSON columns as canonical JSON text). */
export function toActionRow(record: ActionRecord): ActionsTable {
  const document: PlanDocument = {
    plan: record.plan,
    ruleId: record.ruleId,
    issueKey: record.issueKey,
    owner: record.owner,
    approver: record.approver,
    changelogId: record.changelogId,
    observedValue: record.observedValue,
    planHash: record.planHash,
    ...(record.rollbackOf === null ? {} : { rollbackOf: record.rollbackOf }),
  };
  return {
    id: record.id,
    action_key: record.actionKey,
    fingerprint: record.fingerprint,
    issue_id: record.issueId,
    strategy: record.strategy,
    workspace_id: record.resource.workspaceId,
    resource_kind: record.resource.kind,
    resource_id: record.resource.id,
    approver: record.approver?.accountId ?? null,
    approved_at: record.approvedAt,
    plan: json(document),
    previous_value: record.previousValue === null ? null : json(record.previousValue),
    target_value: json(record.targetValue),
    state: record.state,
    reason: record.reason,
    attempts: record.attempts,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

/** `actions` row → ActionRecord. @throws SyntaxError when a JSON column was corrupted. */
export function toActionRecord(row: ActionsTable): ActionRecord {
  const document = JSON.parse(row.plan) as PlanDocument;
  return {
    id: row.id,
    actionKey: row.action_key,
    fingerprint: row.fingerprint,
    ruleId: document.ruleId,
    issueId: row.issue_id,
    issueKey: document.issueKey,
    strategy: row.strategy,
    resource: { workspaceId: row.workspace_id, kind: row.resource_kind as ResourceKind, id: row.resource_id },
    owner: document.owner,
    approver: document.approver,
    approvedAt: row.approved_at,
    changelogId: document.changelogId,
    plan: document.plan,
    targetValue: row.target_value === null ? {} : (JSON.parse(row.target_value) as Record<string, unknown>),
    previousValue: row.previous_value === null ? null : (JSON.parse(row.previous_value) as Record<string, unknown>),
    observedValue: document.observedValue,
    planHash: document.planHash ?? null,
    rollbackOf: document.rollbackOf ?? null,
    state: row.state as ActionState,
    reason: row.reason,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
