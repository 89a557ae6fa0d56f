import { actionKey } from '../approvals/action-key.ts';
import { type ActionRecord, queuedState } from '../remediation/action-record.ts';
import type { FiledPlan } from '../remediation/filed-plan.ts';

/**
 * A new, queued `auto` action for a filed plan: no approver, approval time or changelog id; its key is
 * `sha256(fingerprint | strategy | target | "auto:<scanId>")` (approvals/action-key.ts), so one scan claims
 * one action per finding and a later scan a new one.
 */
export function autoAction(filed: FiledPlan, scanId: string, id: string, now: Date): ActionRecord {
  const changes = filed.plan.changes;
  return {
    id,
    actionKey: actionKey({
      fingerprint: filed.fingerprint,
      strategy: filed.plan.strategy,
      changes,
      changelogId: `auto:${scanId}`,
    }),
    fingerprint: filed.fingerprint,
    ruleId: filed.ruleId,
    issueId: filed.issueId,
    issueKey: filed.issueKey,
    strategy: filed.plan.strategy,
    resource: filed.resource,
    owner: filed.owner ?? null,
    approver: null,
    approvedAt: null,
    changelogId: null,
    plan: { changes: [...changes], risk: filed.plan.risk, restarts: filed.plan.restarts },
    targetValue: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    planHash: filed.planHash,
    rollbackOf: null,
    ...queuedState(now.toISOString()),
  };
}
