import { createPlanRevalidator, type PlanRevalidator } from '../../src/approvals/revalidate-plan.ts';
import { createResourceRefresher } from '../../src/databricks/collect/refresh-resource.ts';
import type { FiledPlan, FiledPlanStore } from '../../src/remediation/filed-plan.ts';
import { planHash } from '../../src/remediation/plan-hash.ts';
import type { WorkspaceApi } from '../../src/remediation/workspace-api.ts';
import { evaluateSnapshot } from '../../src/rules/evaluate-snapshot.ts';
import { basisOf } from '../../src/scan/record-filed-plans.ts';
import { buildSnapshot, buildWarehouse, WORKSPACE_ID } from './resource-builders.ts';
import { compileRuleFile } from './rule-harness.ts';

/** The real rule the approval fixtures file: warehouse-auto-stop-too-long (auto_stop_mins → 10). */
export const AUTO_STOP_RULE = 'warehouse-auto-stop-too-long';

/** In-memory filed plans (the store's `filed_plans`). */
export class MemoryFiledPlans implements FiledPlanStore {
  readonly plans = new Map<string, FiledPlan>();
  async saveFiledPlan(plan: FiledPlan): Promise<void> {
    await Promise.resolve();
    this.plans.set(plan.fingerprint, structuredClone(plan));
  }
  async getFiledPlan(fingerprint: string): Promise<FiledPlan | undefined> {
    await Promise.resolve();
    const plan = this.plans.get(fingerprint);
    return plan === undefined ? undefined : structuredClone(plan);
  }
}

/**
 * What a scan files for warehouse `warehouseId` (auto_stop_mins 120, idle 200 h after its last queries):
 * the real rule's finding as the filed plan on `issue`, and the `lakewarden` property the scan writes.
 */
export function fileAutoStopPlan(input: { issueId: string; issueKey: string; warehouseId: string; owner?: string }): {
  filed: FiledPlan;
  property: Record<string, unknown>;
} {
  const snapshot = buildSnapshot([
    buildWarehouse({
      id: input.warehouseId,
      config: { auto_stop_mins: 120, state: 'STOPPED' },
      facts: { idleTailHours: 200 },
    }),
  ]);
  const [finding] = evaluateSnapshot(snapshot, [compileRuleFile(AUTO_STOP_RULE)]).findings;
  const basis = finding === undefined ? undefined : basisOf(snapshot, finding);
  if (finding === undefined || basis === undefined) throw new Error(`${AUTO_STOP_RULE} did not match the fixture`);
  const resource = { workspaceId: WORKSPACE_ID, kind: 'warehouse' as const, id: input.warehouseId };
  const owner = input.owner ?? 'dana@example.com';
  const filed: FiledPlan = {
    fingerprint: finding.fingerprint,
    issueId: input.issueId,
    issueKey: input.issueKey,
    ruleId: AUTO_STOP_RULE,
    resource,
    plan: finding.plan,
    planHash: planHash({ ...finding.plan, resource }),
    estimateUsdPerMonth: finding.estimate.usdPerMonth,
    owner,
    basis,
    filedAt: '2026-09-26T09:00:00.000Z',
    updatedAt: '2026-09-26T09:00:00.000Z',
  };
  const property = {
    schema: 1,
    fingerprint: finding.fingerprint,
    ruleId: AUTO_STOP_RULE,
    resource,
    plan: finding.plan,
    planId: filed.planHash,
    estimate: finding.estimate,
    owner,
  };
  return { filed, property };
}

/** The real approval-time re-check with only the auto-stop rule loaded. */
export function autoStopRevalidator(api: WorkspaceApi, overrides: Record<string, unknown> = {}): PlanRevalidator {
  const rules = [compileRuleFile(AUTO_STOP_RULE, overrides)];
  return createPlanRevalidator({ refresh: createResourceRefresher(api), rules: async () => rules });
}
