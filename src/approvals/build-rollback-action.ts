import { type ActionRecord, queuedState } from '../remediation/action-record.ts';

/**
 * The new action that undoes `verified` (a compensating action, https://learn.microsoft.com/en-us/azure/architecture/patterns/compensating-transaction): the same strategy and resource, each planned
 * field from the value lakewarden wrote back to the value it read just before (`previousValue`), queued under
 * its own key with its own history. Pure.
 * @param verified a verified change with `previousValue` (callers check).
 */
export function buildRollbackAction(
  verified: ActionRecord & { previousValue: Record<string, unknown> },
  request: {
    id: string;
    actionKey: string;
    approver: ActionRecord['approver'];
    approvedAt: string | null;
    changelogId: string | null;
    now: Date;
  },
): ActionRecord {
  const previous = verified.previousValue;
  const changes = verified.plan.changes.map((c) => ({ field: c.field, before: c.after, after: previous[c.field] }));
  const at = request.now.toISOString();
  return {
    ...verified,
    id: request.id,
    actionKey: request.actionKey,
    approver: request.approver,
    approvedAt: request.approvedAt,
    changelogId: request.changelogId,
    rollbackOf: verified.id,
    plan: {
      changes,
      risk: `Rollback of action ${verified.id}. ${verified.plan.risk}`,
      restarts: verified.plan.restarts,
    },
    targetValue: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    ...queuedState(at),
  };
}

/** True when `action` is a change lakewarden made and verified, with the values it replaced (rollback-able). */
export function isUndoable(action: ActionRecord): action is ActionRecord & { previousValue: Record<string, unknown> } {
  return (
    action.state === 'verified' &&
    action.rollbackOf === null &&
    action.previousValue !== null &&
    action.reason !== 'already_at_target'
  );
}
