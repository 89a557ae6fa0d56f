import { NotFoundError } from '../errors.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import { executeAction, executorOf } from '../remediation/execute-action.ts';
import type { ExecuteDeps } from '../remediation/execute-deps.ts';
import type { ApprovalTracker } from '../tracker/issue-tracker.ts';
import { buildRollbackAction, isUndoable } from './build-rollback-action.ts';
import { type ApprovalPolicy, assignedThemselves, requiredGroups } from './decide-approval.ts';

export interface RequestRollbackDeps {
  jira: Pick<ApprovalTracker, 'getIssueWithChangelog' | 'getUserGroups'>;
  execute: ExecuteDeps;
  policy: ApprovalPolicy;
  botAccountId: string;
  newId: () => string;
}

/** What {@link requestRollback} did. */
export type RollbackRequestOutcome =
  | { kind: 'refused'; reason: 'not_undoable' | 'unauthorized' | 'no_rollback'; message: string }
  | { kind: 'duplicate'; action: ActionRecord | undefined }
  | { kind: 'executed'; action: ActionRecord };

/**
 * `lakewarden actions rollback <id> --as <accountId>`: the rollback on demand beside the Jira rollback status,
 * authorised like an approval — the named Jira account must be the issue's assignee (assigned by someone else,
 * `remediation.approval.assigneeMayApprove`) or a member, by groupId, of the approver groups of the action's
 * rule/strategy; never the bot or the issue's reporter. Then one new action (key `rollback:cli:<id>`, so one per
 * change) restores the recorded previous values through the same strategy, reads them back, comments "rolled
 * back" on the issue and moves it to `jira.statuses.rolledBack`; the undone action becomes `rolled_back`, so
 * reports stop counting its savings. Kill switch and dry-run apply; the blast-radius limits do not.
 * @throws NotFoundError when no action has this id; ExternalServiceError when Jira cannot be read.
 */
export async function requestRollback(
  deps: RequestRollbackDeps,
  request: { actionId: string; requesterAccountId: string },
): Promise<RollbackRequestOutcome> {
  const { execute } = deps;
  const original = await execute.actions.get(request.actionId);
  if (original === undefined)
    throw new NotFoundError(`no action with id ${request.actionId} (see lakewarden actions list)`);
  if (!isUndoable(original)) {
    const message = `Action ${original.id} is ${original.state}${original.reason === null ? '' : ` (${original.reason})`}: only a verified change lakewarden made can be rolled back.`;
    return { kind: 'refused', reason: 'not_undoable', message };
  }
  if (executorOf(execute, original.strategy)?.rollback === undefined) {
    return { kind: 'refused', reason: 'no_rollback', message: `Strategy ${original.strategy} cannot be rolled back.` };
  }
  const issue = await deps.jira.getIssueWithChangelog(original.issueId);
  const requester = request.requesterAccountId;
  const isAssignee = issue.assignee?.accountId === requester && !assignedThemselves(issue, requester);
  const refuse = (message: string): RollbackRequestOutcome => ({ kind: 'refused', reason: 'unauthorized', message });
  if (requester === deps.botAccountId) return refuse('lakewarden itself cannot request a rollback; a person must.');
  if (issue.reporter?.accountId === requester) {
    return refuse(`${requester} reported ${issue.key} and cannot approve changes to it, rollbacks included.`);
  }
  let approver: { accountId: string; displayName: string | null };
  if (isAssignee && deps.policy.assigneeMayApprove) {
    approver = { accountId: requester, displayName: issue.assignee?.displayName ?? null };
  } else {
    const required = requiredGroups(deps.policy, { ruleId: original.ruleId, plan: { strategy: original.strategy } });
    const groups = required.length === 0 ? [] : await deps.jira.getUserGroups(requester);
    if (!groups.some((g) => required.includes(g))) {
      return refuse(`${requester} is neither the assignee of ${issue.key} nor in an approver group.`);
    }
    approver = { accountId: requester, displayName: null };
  }
  const now = execute.now();
  const action = buildRollbackAction(original, {
    id: deps.newId(),
    actionKey: `rollback:cli:${original.id}`,
    approver,
    approvedAt: now.toISOString(),
    changelogId: null,
    now,
  });
  if ((await execute.actions.claim(action)) === 'exists') {
    return { kind: 'duplicate', action: await execute.actions.getByKey(action.actionKey) };
  }
  return { kind: 'executed', action: await executeAction({ ...execute, restore: true }, action) };
}
