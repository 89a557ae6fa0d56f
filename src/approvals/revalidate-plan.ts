import type { FiledPlan } from '../remediation/filed-plan.ts';
import { planHash, shortPlanId } from '../remediation/plan-hash.ts';
import type { ResourceRefresher } from '../remediation/workspace-api.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { evaluateSnapshot } from '../rules/evaluate-snapshot.ts';

export type Revalidation =
  | { ok: true }
  | {
      ok: false;
      reason: 'rule_unknown' | 'resource_gone' | 'rule_failed' | 'rule_no_longer_matches' | 'plan_changed';
      /** Plain words for the Jira comment. */
      message: string;
    };

/** Re-checks a filed plan just before it is applied (see {@link createPlanRevalidator}). */
export type PlanRevalidator = (filed: FiledPlan) => Promise<Revalidation>;

function describe(changes: ReadonlyArray<{ field: string; after: unknown }>): string {
  return changes.map((c) => `${c.field} → ${JSON.stringify(c.after)}`).join(', ') || 'no change';
}

/**
 * Approval-time re-validation: re-reads the resource's configuration over
 * REST, evaluates the finding's rule again on the finding's stored facts with that configuration, and
 * requires the recomputed plan to have the filed plan's id (resource, strategy, fields, target values;
 * `before` values are the executor's drift check). Refuses when the rule is no longer loaded, the resource
 * is gone, the rule fails or no longer matches, or the plan changed.
 * @throws when Databricks cannot be read (the caller refuses and asks for a new approval).
 */
export function createPlanRevalidator(deps: {
  /** The resource re-read from Databricks (the adapter reads it through `WorkspaceApi`). */
  refresh: ResourceRefresher;
  /** The rules as a scan now would load them (the rules directory with configuration overrides). */
  rules: () => Promise<readonly CompiledRule[]>;
}): PlanRevalidator {
  return async (filed) => {
    const rule = (await deps.rules()).find((r) => r.rule.id === filed.ruleId);
    const what = `${filed.resource.kind} ${filed.resource.id}`;
    if (rule === undefined) {
      return {
        ok: false,
        reason: 'rule_unknown',
        message: `Rule ${filed.ruleId} is not loaded by this lakewarden (removed or disabled), so its plan cannot be re-checked and nothing is changed.`,
      };
    }
    const basis = filed.basis.resources[0];
    if (basis === undefined) throw new Error(`filed plan ${filed.fingerprint} has no resource in its basis`);
    const fresh = await deps.refresh(basis);
    if (fresh === null) {
      return {
        ok: false,
        reason: 'resource_gone',
        message: `${what} no longer exists in Databricks; nothing is changed.`,
      };
    }
    const result = evaluateSnapshot({ ...filed.basis, resources: [fresh] }, [rule]);
    const failure = result.errors[0];
    if (failure !== undefined) {
      return {
        ok: false,
        reason: 'rule_failed',
        message: `Rule ${filed.ruleId} could not be evaluated on the configuration read now (${failure.message}); nothing is changed.`,
      };
    }
    const finding = result.findings.find((f) => f.fingerprint === filed.fingerprint);
    if (finding === undefined) {
      return {
        ok: false,
        reason: 'rule_no_longer_matches',
        message: `Checked against the configuration read from Databricks just now, rule ${filed.ruleId} no longer matches ${what}, so nothing is changed. The next scan resolves or re-files the issue.`,
      };
    }
    const recomputed = planHash({ ...finding.plan, resource: finding.resource });
    if (recomputed !== filed.planHash) {
      return {
        ok: false,
        reason: 'plan_changed',
        message: `The plan recomputed from the configuration read just now (plan id ${shortPlanId(recomputed)}: ${describe(finding.plan.changes)}) differs from the approved plan (plan id ${shortPlanId(filed.planHash)}: ${describe(filed.plan.changes)}), so nothing is changed. The next scan re-files the issue with the current plan.`,
      };
    }
    return { ok: true };
  };
}
