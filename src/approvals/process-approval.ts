import type { RemediationSection } from '../config/remediation-section.ts';
import { ConflictError } from '../errors.ts';
import type { WebhookHint } from '../intake/parse-webhook.ts';
import { IN_FLIGHT_STATES } from '../remediation/action-machine.ts';
import { type ActionRecord, queuedState } from '../remediation/action-record.ts';
import { admitAction, giveUpAction, refuseAction } from '../remediation/admit-action.ts';
import { executeAction, resumeAction } from '../remediation/execute-action.ts';
import type { ExecuteDeps } from '../remediation/execute-deps.ts';
import type { FiledPlanStore } from '../remediation/filed-plan.ts';
import { evaluateGuardrails, type GuardedPlan } from '../remediation/guardrails.ts';
import { STRATEGIES } from '../remediation/registry.ts';
import { renderNotice } from '../remediation/render-evidence.ts';
import type { ApprovalTracker, GroupLookup, IssueTracker } from '../tracker/issue-tracker.ts';
import { bindFiledPlan, notFiledByLakewarden } from './bind-filed-plan.ts';
import { checkApproverPermission } from './check-approver-permission.ts';
import {
  type ApprovalDecision,
  type ApprovalPolicy,
  assignedThemselves,
  decideApproval,
  latestApproval,
} from './decide-approval.ts';
import type { PlanRevalidator } from './revalidate-plan.ts';

export interface ProcessApprovalDeps {
  jira: ApprovalTracker;
  execute: ExecuteDeps;
  botAccountId: string;
  policy: ApprovalPolicy;
  remediation: RemediationSection;
  /** New action ids (uuid v4 in production). */
  newId: () => string;
  /** The plans lakewarden filed when it scanned (store table `filed_plans`): the only source of what is applied. */
  plans: Pick<FiledPlanStore, 'getFiledPlan'>;
  /** Re-checks the filed plan against a fresh read of the resource right before the write (revalidate-plan.ts). */
  revalidate: PlanRevalidator;
  /**
   * Maps an approver to a Databricks user for the resource-permission check: the Jira email reader and
   * `routing.users`. Absent: a required check fails closed (refused with a comment).
   */
  approverIdentity?: { users: Pick<IssueTracker, 'getUserEmail'>; routingUsers: Readonly<Record<string, string>> };
}

export type ProcessOutcome =
  | { kind: 'ignored'; reason: string }
  | {
      kind: 'refused';
      reason: string;
      message: string;
      retryable: boolean;
      action?: ActionRecord;
      /** With `retryable`: retry no later than this many ms from now (the action's error deadline). */
      retryInMs?: number;
    }
  | { kind: 'duplicate'; actionKey: string }
  | { kind: 'executed'; action: ActionRecord }
  /** A `/lakewarden ask` comment was handled (process-ask.ts); `reason` is the AskOutcome. */
  | { kind: 'asked'; reason: string }
  /** A snooze command or move to the snooze status was handled (process-snooze.ts); `reason` says how. */
  | { kind: 'snoozed'; reason: 'recorded' | 'duplicate' | 'invalid' | 'unauthorized' };

/** A claimed action not updated for this long is taken over by a retried (or another) delivery, ms. */
const RESUME_AFTER_MS = 10_000;

const NEXT_STEP = 'Fix the cause, then approve the issue again (lakewarden moved it out of the approved status).';
const NEXT_STEP_FOREIGN = 'Fix the cause, then move the issue out of Approved and back to approve again.';

async function lookupGroups(jira: ApprovalTracker, accountId: string): Promise<GroupLookup> {
  try {
    return { ok: true, groupIds: await jira.getUserGroups(accountId) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** {@link ProcessApprovalDeps.revalidate}, failing closed when Databricks cannot be read. */
async function revalidate(
  deps: ProcessApprovalDeps,
  filed: Parameters<PlanRevalidator>[0],
): Promise<Awaited<ReturnType<PlanRevalidator>> | { ok: false; reason: 'revalidation_unavailable'; message: string }> {
  try {
    return await deps.revalidate(filed);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'revalidation_unavailable',
      message: `The resource could not be re-read from Databricks to re-check the plan (${detail}), so nothing is changed.`,
    };
  }
}

/**
 * The approval worker for one inbox delivery: re-fetch the issue and changelog (the payload is only a
 * hint), look up the approver's groups when needed, decide (decide-approval.ts), bind the issue to the
 * plan lakewarden filed for it (bind-filed-plan.ts: the issue property is only an index) and decide again
 * on that record, check the approver's Databricks permission on the resource when the plan needs it
 * (check-approver-permission.ts), claim the action by its unique action key (one approving changelog entry → one action,
 * however many deliveries), check the guardrails and re-check the plan against a fresh read of the
 * resource (revalidate-plan.ts; refusals are recorded on the claimed action), then execute. Refusals are commented through the outbox, deduplicated per approval and
 * reason. Errors of the Jira re-fetch propagate so the inbox retries the delivery later.
 */
export async function processApproval(deps: ProcessApprovalDeps, hint: WebhookHint): Promise<ProcessOutcome> {
  const { jira, execute } = deps;
  const issue = await jira.getIssueWithChangelog(hint.issueId);
  const approving = latestApproval(issue, deps.policy.approvedStatus);
  const approver = approving?.author ?? null;
  const needsGroups =
    approver !== null &&
    (approver.accountId !== issue.assignee?.accountId || assignedThemselves(issue, approver.accountId));
  const groups = needsGroups ? await lookupGroups(jira, approver.accountId) : undefined;
  const now = execute.now();
  const decide = (property: unknown): ApprovalDecision =>
    decideApproval({
      issue: { ...issue, property },
      hint,
      botAccountId: deps.botAccountId,
      policy: deps.policy,
      groups,
      now,
    });
  const refusal = async (reason: string, message: string, notify: boolean, retryable: boolean, ours = true) => {
    const dedupeKey = `refusal:${issue.id}:${approving?.id ?? 'none'}:${reason}`;
    // A final refusal of lakewarden's own issue also leaves the approved status, so nothing sits there idle.
    const moveBack = notify && !retryable && ours && issue.status.name === deps.policy.approvedStatus;
    if (notify) {
      await execute.outbox.enqueue({
        actionId: `approval:${issue.id}`,
        issueId: issue.id,
        kind: 'comment',
        payload: { body: renderNotice(message, moveBack ? NEXT_STEP : NEXT_STEP_FOREIGN) },
        dedupeKey,
      });
    }
    if (moveBack) {
      await execute.outbox.enqueue({
        actionId: `approval:${issue.id}`,
        issueId: issue.id,
        kind: 'transition',
        payload: { status: execute.statuses.open },
        dedupeKey: `${dedupeKey}:transition`,
      });
    }
    return { kind: 'refused' as const, reason, message, retryable };
  };
  // First on the issue as Jira shows it: ignore echoes, drop foreign and superseded deliveries quietly.
  const shown = decide(issue.property);
  if (shown.kind === 'ignore') return { kind: 'ignored', reason: shown.reason };
  // An issue lakewarden did not create is refused as such, before who approved it is even weighed.
  const foreign = notFiledByLakewarden(issue, deps.botAccountId);
  if (foreign !== undefined) return refusal(foreign.reason, foreign.message, true, false, false);
  if (shown.kind === 'refuse') return refusal(shown.reason, shown.message, shown.notify, shown.retryable);
  // The property is only an index: the plan applied is the one lakewarden filed for this issue.
  const bound = bindFiledPlan({
    issue,
    property: shown.property,
    filed: await deps.plans.getFiledPlan(shown.property.fingerprint),
    botAccountId: deps.botAccountId,
  });
  if (!bound.ok) return refusal(bound.reason, bound.message, true, false);
  // Decided again on lakewarden's own record (approver groups by the filed rule and strategy).
  const decision = decide(bound.property);
  switch (decision.kind) {
    case 'ignore':
      return { kind: 'ignored', reason: decision.reason };
    case 'refuse':
      return refusal(decision.reason, decision.message, decision.notify, decision.retryable);
    case 'act':
      break;
    default: {
      const unreachable: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
    }
  }
  const property = decision.property;
  const permission = await checkApproverPermission(
    {
      mode: deps.remediation.approval.requireResourcePermission,
      api: execute.api,
      users: deps.approverIdentity?.users,
      routingUsers: deps.approverIdentity?.routingUsers ?? {},
      knownStrategies: new Set(STRATEGIES.keys()),
    },
    {
      issueKey: issue.key,
      approver: decision.approver,
      authorisedAs: decision.authorisedAs,
      resource: property.resource,
      strategy: property.plan.strategy,
      plan: property.plan,
    },
  );
  if (permission.kind === 'refuse')
    return refusal(permission.reason, permission.message, permission.notify, permission.retryable);
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
    planHash: bound.filed.planHash,
    rollbackOf: null,
    ...queuedState(at),
  };
  const beforeWrite = async (): Promise<string | null> => {
    const fresh = await jira.getIssueWithChangelog(issue.id);
    const still = latestApproval(fresh, deps.policy.approvedStatus);
    return fresh.status.name === deps.policy.approvedStatus && still?.id === decision.changelogId
      ? null
      : `${issue.key} left "${deps.policy.approvedStatus}" before the change was made, so nothing was written.`;
  };
  const claimed: ClaimedContext = {
    deps,
    filed: bound.filed,
    estimate: property.estimate?.usdPerMonth ?? null,
    plan: property.plan,
    beforeWrite,
  };
  if ((await execute.actions.claim(action)) === 'claimed') return actOnClaimed(claimed, action);
  // Claimed before: by this delivery on an earlier try that an error stopped, or by another delivery.
  const existing = await execute.actions.getByKey(decision.actionKey);
  if (existing === undefined || (existing.state !== 'queued' && !IN_FLIGHT_STATES.includes(existing.state))) {
    return { kind: 'duplicate', actionKey: decision.actionKey };
  }
  // Another worker may be carrying it right now: take it over only once it has been still for a while.
  const stillMs = now.getTime() - Date.parse(existing.updatedAt);
  if (stillMs < RESUME_AFTER_MS) {
    return {
      kind: 'refused',
      reason: 'in_progress',
      message: `Action ${existing.id} is ${existing.state}; checked again shortly.`,
      retryable: true,
      action: existing,
      retryInMs: RESUME_AFTER_MS - stillMs,
    };
  }
  return actOnClaimed(claimed, existing);
}

/** The resource's tags as the scan filed them (the plan's basis snapshot); `{}` when it has none. */
function tagsOf(filed: Parameters<PlanRevalidator>[0], resourceId: string): Record<string, string> {
  return filed.basis.resources.find((r) => r.id === resourceId)?.tags ?? {};
}

interface ClaimedContext {
  deps: ProcessApprovalDeps;
  filed: Parameters<PlanRevalidator>[0];
  estimate: number | null;
  plan: GuardedPlan;
  beforeWrite: (action: ActionRecord) => Promise<string | null>;
}

/**
 * Carries a claimed action to its end: a queued one through the guardrails (admitted atomically with the
 * blast-radius counters), the re-check against a fresh read, then the executor; one already in flight is
 * resumed with a read-back first (never a blind re-write). An error on the way never strands it: the delivery
 * is retried (sooner than the deadline) and, once `remediation.approval.errorDeadlineSeconds` have passed
 * since the claim, the action fails with a comment.
 */
async function actOnClaimed(context: ClaimedContext, action: ActionRecord): Promise<ProcessOutcome> {
  const { deps } = context;
  const execute = deps.execute;
  try {
    if (action.state !== 'queued') {
      return { kind: 'executed', action: await resumeAction({ ...execute, beforeWrite: context.beforeWrite }, action) };
    }
    // Guardrails after the claim: a duplicate delivery of an approval already acted on is answered
    // "duplicate", never refused by the cool-down that its own action started.
    const admission = await admitAction(execute, action, (counts) =>
      evaluateGuardrails({
        mode: 'approval',
        config: deps.remediation,
        killSwitch: execute.isKillSwitchOn(),
        ruleId: action.ruleId,
        plan: context.plan,
        resource: { ...action.resource, tags: tagsOf(context.filed, action.resource.id) },
        estimateUsdPerMonth: context.estimate,
        counts,
        now: execute.now(),
      }),
    );
    const verdict = admission.verdict;
    if (verdict.kind === 'refuse') {
      return {
        kind: 'refused',
        reason: verdict.reason,
        message: verdict.message,
        retryable: false,
        action: admission.record,
      };
    }
    const revalidation = await revalidate(deps, context.filed);
    if (!revalidation.ok) {
      const refused = await refuseAction(execute, admission.record, revalidation.reason, revalidation.message);
      return {
        kind: 'refused',
        reason: revalidation.reason,
        message: revalidation.message,
        retryable: false,
        action: refused,
      };
    }
    const policy = { ...execute.policy, dryRun: execute.policy.dryRun || verdict.kind === 'dry_run' };
    const done = await executeAction({ ...execute, policy, beforeWrite: context.beforeWrite }, admission.record);
    return { kind: 'executed', action: done };
  } catch (error) {
    return afterError(deps, action.id, error);
  }
}

/** The outcome when an error stopped a claimed action: retry the delivery before the deadline, or fail it. */
async function afterError(deps: ProcessApprovalDeps, actionId: string, error: unknown): Promise<ProcessOutcome> {
  const execute = deps.execute;
  const current = await execute.actions.get(actionId);
  if (current === undefined) throw error;
  if (current.state !== 'queued' && !IN_FLIGHT_STATES.includes(current.state))
    return { kind: 'executed', action: current };
  const detail = error instanceof Error ? error.message : String(error);
  // Another worker advanced it first (compare-and-set): not an error of the action; look again later.
  if (error instanceof ConflictError) {
    const later = { retryable: true, action: current, retryInMs: RESUME_AFTER_MS };
    return { kind: 'refused', reason: 'in_progress', message: detail, ...later };
  }
  const deadlineMs = deps.remediation.approval.errorDeadlineSeconds * 1000;
  const age = execute.now().getTime() - Date.parse(current.createdAt);
  if (age >= deadlineMs) return { kind: 'executed', action: await giveUpAction(execute, current, detail) };
  return {
    kind: 'refused',
    reason: 'in_flight_error',
    message: detail,
    retryable: true,
    action: current,
    retryInMs: deadlineMs - age,
  };
}
