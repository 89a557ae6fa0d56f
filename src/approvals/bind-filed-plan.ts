import type { IssueProperty } from '../findings/issue-property.ts';
import type { FiledPlan } from '../remediation/filed-plan.ts';
import { planHash, shortPlanId } from '../remediation/plan-hash.ts';
import type { FetchedIssue } from '../tracker/issue-tracker.ts';

export type BindRefusal = 'not_filed_by_lakewarden' | 'no_filed_plan' | 'issue_mismatch' | 'property_tampered';

export type Binding =
  | { ok: true; filed: FiledPlan; property: IssueProperty }
  | { ok: false; reason: BindRefusal; message: string };

/** The filed plan in the shape the approval decision reads (rule, strategy, resource, plan, estimate, owner). */
export function propertyOf(filed: FiledPlan): IssueProperty {
  return {
    fingerprint: filed.fingerprint,
    ruleId: filed.ruleId,
    resource: filed.resource as IssueProperty['resource'],
    plan: {
      strategy: filed.plan.strategy,
      autonomy: filed.plan.autonomy,
      args: filed.plan.args,
      changes: filed.plan.changes,
      risk: filed.plan.risk,
      restarts: filed.plan.restarts,
    },
    estimate: { usdPerMonth: filed.estimateUsdPerMonth },
    owner: filed.owner,
  };
}

/**
 * The refusal for an issue whose reporter is not the bot account (lakewarden did not create it), else undefined.
 * Checked before any other approval rule, so a forged issue is refused as such whoever approved it.
 */
export function notFiledByLakewarden(
  issue: Pick<FetchedIssue, 'key' | 'reporter'>,
  botAccountId: string,
): { ok: false; reason: 'not_filed_by_lakewarden'; message: string } | undefined {
  if (issue.reporter?.accountId === botAccountId) return undefined;
  const who = issue.reporter?.displayName ?? issue.reporter?.accountId ?? 'nobody';
  return {
    ok: false,
    reason: 'not_filed_by_lakewarden',
    message: `${issue.key} was created by ${who}, not by lakewarden, so lakewarden changes nothing for it (labels and properties can be copied onto any issue).`,
  };
}

/**
 * Binds an approved issue to the plan lakewarden filed (pure). The issue's `lakewarden` property is only
 * an index: its fingerprint finds the filed plan, nothing else in it is used. Refused, in order, when
 * the issue was not created by the bot (reporter), no plan was filed for the fingerprint (never filed, or
 * the store was lost: only a rescan files plans again), the plan was filed on another issue, or the
 * property's resource/strategy/changes differ from the filed plan (someone edited the property).
 */
export function bindFiledPlan(input: {
  issue: FetchedIssue;
  property: IssueProperty;
  filed: FiledPlan | undefined;
  botAccountId: string;
}): Binding {
  const { issue, property, filed } = input;
  const foreign = notFiledByLakewarden(issue, input.botAccountId);
  if (foreign !== undefined) return foreign;
  if (filed === undefined) {
    return {
      ok: false,
      reason: 'no_filed_plan',
      message: `lakewarden has no plan on record for ${issue.key} (finding ${property.fingerprint}), so nothing is changed. Plans come only from lakewarden's own scans: the next scan files it again.`,
    };
  }
  if (filed.issueId !== issue.id) {
    return {
      ok: false,
      reason: 'issue_mismatch',
      message: `The plan for finding ${property.fingerprint} was filed on ${filed.issueKey}, not on ${issue.key}, so nothing is changed; approve ${filed.issueKey} instead.`,
    };
  }
  const shown = planHash({
    resource: property.resource,
    strategy: property.plan.strategy,
    changes: property.plan.changes,
  });
  if (shown !== filed.planHash) {
    return {
      ok: false,
      reason: 'property_tampered',
      message: `The plan in this issue's lakewarden property (${property.plan.strategy} on ${property.resource.kind} ${property.resource.id}) is not the plan lakewarden filed (plan id ${shortPlanId(filed.planHash)}: ${filed.plan.strategy} on ${filed.resource.kind} ${filed.resource.id}); the property was edited after filing, so nothing is changed.`,
    };
  }
  return { ok: true, filed, property: propertyOf(filed) };
}
