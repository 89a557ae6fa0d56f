import { clusterConfigOf, jobConfigOf, warehouseConfigOf } from '../databricks/collect/resource-config.ts';
import { ClusterInfo, JobInfo, WarehouseInfo } from '../databricks/rest/schemas.ts';
import type { FiledPlan } from '../remediation/filed-plan.ts';
import { planHash, shortPlanId } from '../remediation/plan-hash.ts';
import type { WorkspaceApi } from '../remediation/workspace-api.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { evaluateSnapshot } from '../rules/evaluate-snapshot.ts';
import type { Resource } from '../snapshot/schema.ts';

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

/**
 * The resource of the filed plan's basis with its `config` and `tags` replaced by a fresh REST read
 * (parsed with the collector's allowlisting schemas, so nothing outside them is kept), or null when the
 * resource no longer exists. Facts stay those of the finding: no SQL, no warehouse start.
 * @throws the WorkspaceApi's error when Databricks cannot be read.
 */
async function freshResource(api: WorkspaceApi, basis: Resource): Promise<Resource | null> {
  switch (basis.kind) {
    case 'warehouse': {
      const raw = await api.getWarehouse(basis.id);
      return raw === null ? null : { ...basis, ...warehouseConfigOf(WarehouseInfo.parse(raw)) };
    }
    case 'cluster': {
      const raw = await api.getCluster(basis.id);
      return raw === null ? null : { ...basis, ...clusterConfigOf(ClusterInfo.parse(raw)) };
    }
    case 'job': {
      const raw = await api.getJob(basis.id);
      return raw === null ? null : { ...basis, ...jobConfigOf(JobInfo.parse(raw)) };
    }
    case 'pipeline':
    case 'table':
    case 'workspace':
      return basis;
    default: {
      const unreachable: never = basis;
      throw new Error(`unknown resource kind ${JSON.stringify(unreachable)}`);
    }
  }
}

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
  api: WorkspaceApi;
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
    const fresh = await freshResource(deps.api, basis);
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
