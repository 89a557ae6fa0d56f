import type { Kysely } from 'kysely';
import type { Plan } from '../findings/finding.ts';
import { canonicalJsonOfSerialized as json } from '../json/canonical-json.ts';
import type { FiledPlan, FiledPlanStore } from '../remediation/filed-plan.ts';
import { Snapshot } from '../snapshot/schema.ts';
import type { Database, FiledPlansTable } from './database.ts';

function toRow(plan: FiledPlan): FiledPlansTable {
  return {
    fingerprint: plan.fingerprint,
    issue_id: plan.issueId,
    issue_key: plan.issueKey,
    rule_id: plan.ruleId,
    workspace_id: plan.resource.workspaceId,
    resource_kind: plan.resource.kind,
    resource_id: plan.resource.id,
    strategy: plan.plan.strategy,
    plan: json(plan.plan),
    plan_hash: plan.planHash,
    estimate_usd_per_month: plan.estimateUsdPerMonth,
    owner: plan.owner,
    basis: json(plan.basis),
    filed_at: plan.filedAt,
    updated_at: plan.updatedAt,
  };
}

/** @throws SyntaxError / ZodError when a stored JSON column was corrupted (the approval then fails closed). */
function toFiledPlan(row: FiledPlansTable): FiledPlan {
  return {
    fingerprint: row.fingerprint,
    issueId: row.issue_id,
    issueKey: row.issue_key,
    ruleId: row.rule_id,
    resource: {
      workspaceId: row.workspace_id,
      kind: row.resource_kind as FiledPlan['resource']['kind'],
      id: row.resource_id,
    },
    plan: JSON.parse(row.plan) as Plan,
    planHash: row.plan_hash,
    estimateUsdPerMonth: Number(row.estimate_usd_per_month),
    owner: row.owner,
    basis: Snapshot.parse(JSON.parse(row.basis)),
    filedAt: row.filed_at,
    updatedAt: row.updated_at,
  };
}

/** {@link FiledPlanStore} over kysely (SQLite or Postgres): one row per fingerprint, upserted by the scan. */
export function createFiledPlanStore(db: Kysely<Database>): FiledPlanStore {
  return {
    async saveFiledPlan(plan) {
      const row = toRow(plan);
      const { fingerprint: _key, filed_at: _filed, ...changes } = row;
      await db
        .insertInto('filed_plans')
        .values(row)
        .onConflict((oc) => oc.column('fingerprint').doUpdateSet(changes))
        .execute();
    },
    async getFiledPlan(fingerprint) {
      const row = await db
        .selectFrom('filed_plans')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .executeTakeFirst();
      return row === undefined ? undefined : toFiledPlan(row);
    },
  };
}
