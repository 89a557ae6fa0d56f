import type { WebhookHint } from '../intake/parse-webhook.ts';
import { executeAction, executorOf } from '../remediation/execute-action.ts';
import { renderNotice } from '../remediation/render-evidence.ts';
import type { GroupLookup } from '../tracker/issue-tracker.ts';
import { buildRollbackAction, isUndoable } from './build-rollback-action.ts';
import { decideApproval, latestApproval } from './decide-approval.ts';
import type { ProcessApprovalDeps, ProcessOutcome } from './process-approval.ts';

const NEXT_STEP = 'Fix the cause, then move the issue out of the rollback status and back to request it again.';

/**
 * A person moved a lakewarden issue to the rollback status (`jira.statuses.rollback`, default "Rollback
 * Requested"): the same checks as an approval (decide-approval.ts with the rollback status in place of
 * Approved — latest status change, age, not the bot, not the reporter, assignee or approver group by
 * groupId), then a **new** action (its own key from the rollback changelog entry, its own history) that
 * writes back the `previousValue` of the issue's latest verified action and reads it back
 * (docs/approvals.md §9). Kill switch, dry-run and the compare-and-set re-read apply as for any action;
 * the rate limits and cool-down do not (undoing a change must stay possible).
 */
export async function processRollback(
  deps: ProcessApprovalDeps & { rollbackStatus: string },
  hint: WebhookHint,
): Promise<ProcessOutcome> {
  const { jira, execute } = deps;
  const issue = await jira.getIssueWithChangelog(hint.issueId);
  const entry = latestApproval(issue, deps.rollbackStatus);
  const requester = entry?.author ?? null;
  let groups: GroupLookup | undefined;
  if (requester !== null && requester.accountId !== issue.assignee?.accountId) {
    try {
      groups = { ok: true, groupIds: await jira.getUserGroups(requester.accountId) };
    } catch (error) {
      groups = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  const now = execute.now();
  const policy = { ...deps.policy, approvedStatus: deps.rollbackStatus };
  const decision = decideApproval({ issue, hint, botAccountId: deps.botAccountId, policy, groups, now });
  const notice = async (reason: string, message: string): Promise<ProcessOutcome> => {
    await execute.outbox.enqueue({
      actionId: `rollback:${issue.id}`,
      issueId: issue.id,
      kind: 'comment',
      payload: { body: renderNotice(message, NEXT_STEP) },
      dedupeKey: `rollback-refusal:${issue.id}:${entry?.id ?? 'none'}:${reason}`,
    });
    return { kind: 'refused', reason, message, retryable: false };
  };
  switch (decision.kind) {
    case 'ignore':
      return { kind: 'ignored', reason: decision.reason };
    case 'refuse':
      if (decision.notify) return notice(decision.reason, decision.message);
      return { kind: 'refused', reason: decision.reason, message: decision.message, retryable: decision.retryable };
    case 'act':
      break;
    default: {
      const unreachable: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
    }
  }
  const verified = (await execute.actions.listByStates(['verified']))
    .filter((a) => a.issueId === issue.id)
    .filter(isUndoable)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    .at(-1);
  if (verified === undefined) {
    return notice('nothing_to_roll_back', `${issue.key} has no change made by lakewarden to roll back.`);
  }
  // Who may ask is decided again on lakewarden's own record of the change, never on the issue property.
  const trusted = decideApproval({
    issue: {
      ...issue,
      property: {
        fingerprint: verified.fingerprint,
        ruleId: verified.ruleId,
        resource: verified.resource,
        plan: { strategy: verified.strategy, autonomy: 'approval', changes: verified.plan.changes },
      },
    },
    hint,
    botAccountId: deps.botAccountId,
    policy,
    groups,
    now,
  });
  if (trusted.kind === 'ignore') return { kind: 'ignored', reason: trusted.reason };
  if (trusted.kind === 'refuse') {
    if (trusted.notify) return notice(trusted.reason, trusted.message);
    return { kind: 'refused', reason: trusted.reason, message: trusted.message, retryable: trusted.retryable };
  }
  if (executorOf(execute, verified.strategy)?.rollback === undefined) {
    return notice('no_rollback', `Strategy ${verified.strategy} cannot be rolled back automatically.`);
  }
  const action = buildRollbackAction(verified, {
    id: deps.newId(),
    actionKey: `rollback:${decision.actionKey}`,
    approver: decision.approver,
    approvedAt: decision.approvedAt,
    changelogId: decision.changelogId,
    now,
  });
  if ((await execute.actions.claim(action)) === 'exists') return { kind: 'duplicate', actionKey: action.actionKey };
  const beforeWrite = async (): Promise<string | null> => {
    const fresh = await jira.getIssueWithChangelog(issue.id);
    return fresh.status.name === deps.rollbackStatus && latestApproval(fresh, deps.rollbackStatus)?.id === entry?.id
      ? null
      : `${issue.key} left "${deps.rollbackStatus}" before the rollback was made, so nothing was written.`;
  };
  const policyNow = { ...execute.policy, dryRun: execute.policy.dryRun };
  return {
    kind: 'executed',
    action: await executeAction({ ...execute, policy: policyNow, beforeWrite, restore: true }, action),
  };
}
