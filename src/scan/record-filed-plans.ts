import type { Logger } from 'pino';
import type { Finding } from '../findings/finding.ts';
import type { Store } from '../records/store.ts';
import type { FiledPlan } from '../remediation/filed-plan.ts';
import { planHash } from '../remediation/plan-hash.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { SyncResult } from '../tickets/sync-result.ts';

/**
 * The one-resource snapshot a finding was evaluated on (its resource with config and facts, the window,
 * its workspace and the prices of its cloud): what the approval re-evaluates the rule on.
 * @returns undefined when the snapshot does not hold the finding's resource or workspace.
 */
export function basisOf(snapshot: Snapshot, finding: Finding): Snapshot | undefined {
  const ref = finding.resource;
  const resource = snapshot.resources.find(
    (r) => r.workspaceId === ref.workspaceId && r.kind === ref.kind && r.id === ref.id,
  );
  const workspace = snapshot.workspaces.find((w) => w.id === ref.workspaceId);
  if (resource === undefined || workspace === undefined) return undefined;
  return {
    ...snapshot,
    workspaces: [workspace],
    prices: snapshot.prices.filter((p) => p.cloud === workspace.cloud),
    resources: [resource],
  };
}

/**
 * After a sync that wrote to Jira, keeps the plan of every finding on its open issue. A plan already bound
 * to an issue (a filed plan, or the issue lakewarden recorded before this sync, `known`) is never moved to
 * another issue found by its labels — labels can be copied onto any issue; only a newly created issue
 * rebinds. With no binding at all (a lost store, or issues filed before plans were kept), the plan is
 * bound to the issue the sync adopted; approvals still require that issue's reporter to be the bot
 * account (bind-filed-plan.ts). Never throws for one finding: a failure is logged and that finding's
 * approval is refused until a later scan files it.
 */
export async function recordFiledPlans(
  snapshot: Snapshot,
  sync: SyncResult,
  deps: { store: Store; logger: Logger; now: () => Date },
  known: ReadonlyMap<string, string>,
): Promise<number> {
  const at = deps.now().toISOString();
  const createdKeys = new Map(sync.previews.filter((p) => p.op === 'create').map((p) => [p.fingerprint, p.issueKey]));
  let saved = 0;
  for (const op of sync.ops) {
    if (op.op !== 'create' && op.op !== 'update' && op.op !== 'unchanged' && op.op !== 'reopen') continue;
    const { finding } = op.item;
    const fp = finding.fingerprint;
    try {
      const record = await deps.store.getIssueByFingerprint(fp);
      if (record === undefined || record.state !== 'open') continue;
      if (op.op === 'create') {
        const key = createdKeys.get(fp);
        if (key === undefined || record.issueKey !== key) continue;
      } else {
        const bound = (await deps.store.getFiledPlan(fp))?.issueId ?? known.get(fp);
        if ((bound !== undefined && bound !== op.issueId) || record.issueId !== op.issueId) {
          deps.logger.warn({ fingerprint: fp, issueId: op.issueId }, 'not the issue lakewarden filed; no plan kept');
          continue;
        }
      }
      const basis = basisOf(snapshot, finding);
      if (basis === undefined) continue;
      const previous = await deps.store.getFiledPlan(fp);
      const plan: FiledPlan = {
        fingerprint: fp,
        issueId: record.issueId,
        issueKey: record.issueKey,
        ruleId: finding.ruleId,
        resource: { workspaceId: finding.resource.workspaceId, kind: finding.resource.kind, id: finding.resource.id },
        plan: finding.plan,
        planHash: planHash({
          resource: finding.resource,
          strategy: finding.plan.strategy,
          changes: finding.plan.changes,
        }),
        estimateUsdPerMonth: finding.estimate.usdPerMonth,
        owner: record.owner,
        basis,
        filedAt: previous?.issueId === record.issueId ? previous.filedAt : at,
        updatedAt: at,
      };
      await deps.store.saveFiledPlan(plan);
      saved++;
    } catch (error) {
      deps.logger.error({ fingerprint: fp, error: (error as Error).message }, 'could not keep the filed plan');
    }
  }
  return saved;
}
