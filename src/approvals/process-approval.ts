import type { RemediationSection } from '../config/remediation-section.ts';
import type { ActionRecord } from '../remediation/action-record.ts';
import { type ExecuteDeps, executeAction, refuseAction } from '../remediation/execute-action.ts';
import { evaluateGuardrails } from '../remediation/guardrails.ts';
import { type ApprovalPolicy, decideApproval, latestApproval } from './decide-approval.ts';
import type { WebhookHint } from './parse-webhook.ts';
import type { ApprovalJiraPort, GroupLookup } from './ports.ts';
import { renderNotice } from './render-evidence.ts';

export interface ProcessApprovalDeps {
  jira: ApprovalJiraPort;
  execute: ExecuteDeps;
  botAccountId: string;
  policy: ApprovalPolicy;
  remediation: RemediationSection;
  /** New action ids (uuid v4 in production). */
  newId: () => string;
}

export type ProcessOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'refused'; reason: string; message: string; retryable: boolean; action?: ActionRecord }
  | { kind: 'duplicate'; actionKey: string }
  | { kind: 'executed'; action: ActionRecord }
  /** A `/lakewarden ask` comment was handled (process-ask.ts); `reason` is the AskOutcome. */
  | { kind: 'asked'; reason: string }
  /** A snooze command or move to the snooze status was handled (process-snooze.ts); `reason` says how. */
  | { kind: 'snoozed'; reason: 'recorded' | 'duplicate' | 'invalid' | 'unauthorized' };

const NEXT_STEP = 'Fix the cause, then move the issue out of Approved and back to approve again.';

async function lookupGroups(jira: ApprovalJiraPort, accountId: string): Promise<GroupLookup> {
  try {
    return { ok: true, groupIds: await jira.getUserGroups(accountId) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The approval worker for one inbox delivery: re-fetch the issue and changelog (the payload is only a
 * hint), look up the approver's groups when needed, decide (decide-approval.ts), claim the action by its
 * unique action key (one approving changelog entry → one action, however many deliveries), check the
 * guardrails (a refusal is recorded on the claimed action), then execute. Refusals are commented through the outbox, deduplicated per approval and
 * reason. Errors of the Jira re-fetch propagate so the inbox retries the delivery later.
 */
export async function processApproval(deps: ProcessApprovalDeps, hint: WebhookHint): Promise<ProcessOutcome> {
  const { jira, execute } = deps;
  const issue = await jira.getIssueWithChangelog(hint.issueId);
  const approving = latestApproval(issue, deps.policy.approvedStatus);
  const approver = approving?.author ?? null;
  const needsGroups = approver !== null && approver.accountId !== issue.assignee?.accountId;
  const groups = needsGroups ? await lookupGroups(jira, approver.accountId) : undefined;
  const now = execute.now();
  const decision = decideApproval({ issue, hint, botAccountId: deps.botAccountId, policy: deps.policy, groups, now });
  switch (decision.kind) {
    case 'ignore':
      return { kind: 'ignored', reason: decision.reason };
    case 'refuse':
      if (decision.notify) {
        await execute.outbox.enqueue({
          actionId: `approval:${issue.id}`,
          issueId: issue.id,
          kind: 'comment',
          payload: { body: renderNotice(decision.message, NEXT_STEP) },
          dedupeKey: `refusal:${issue.id}:${approving?.id ?? 'none'}:${decision.reason}`,
        });
      }
      return { kind: 'refused', reason: decision.reason, message: decision.message, retryable: decision.retryable };
    case 'act':
      break;
    default: {
      const unreachable: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
    }
  }
  const property = decision.property;
  const resource = property.resource;
  const owner = property.owner ?? null;
  const at = now.toISOString();
  const action: ActionRecord = {
    id: deps.newId(),
    actionKey: decision.actionKey,
    fingerprint: property.fingerprint,
    ruleId: property.ruleId,
    issueId: issue.id,
    issueKey: issue.key,
    strategy: property.plan.strategy,
    resource,
    owner,
    approver: decision.approver,
    approvedAt: decision.approvedAt,
    changelogId: decision.changelogId,
    plan: { changes: property.plan.changes, risk: property.plan.risk, restarts: property.plan.restarts },
    targetValue: Object.fromEntries(property.plan.changes.map((c) => [c.field, c.after])),
    previousValue: null,
    observedValue: null,
    state: 'queued',
    reason: null,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
  if ((await execute.actions.claim(action)) === 'exists') return { kind: 'duplicate', actionKey: decision.actionKey };
  // Guardrails after the claim: a duplicate delivery of an approval already acted on is answered
  // "duplicate", never refused by the cool-down that its own action started.
  const counts = await execute.actions.countRecent({ owner, resource, now });
  const verdict = evaluateGuardrails({
    mode: 'approval',
    config: deps.remediation,
    killSwitch: execute.isKillSwitchOn(),
    ruleId: property.ruleId,
    plan: property.plan,
    resource: { ...resource, tags: {} },
    estimateUsdPerMonth: property.estimate?.usdPerMonth ?? null,
    counts,
    now,
  });
  if (verdict.kind === 'refuse') {
    const refused = await refuseAction(execute, action, verdict.reason, verdict.message);
    return { kind: 'refused', reason: verdict.reason, message: verdict.message, retryable: false, action: refused };
  }
  const policy = { ...execute.policy, dryRun: execute.policy.dryRun || verdict.kind === 'dry_run' };
  const beforeWrite = async (): Promise<string | null> => {
    const fresh = await jira.getIssueWithChangelog(issue.id);
    const still = latestApproval(fresh, deps.policy.approvedStatus);
    return fresh.status.name === deps.policy.approvedStatus && still?.id === decision.changelogId
      ? null
      : `${issue.key} left "${deps.policy.approvedStatus}" before the change was made, so nothing was written.`;
  };
  return { kind: 'executed', action: await executeAction({ ...execute, policy, beforeWrite }, action) };
}
