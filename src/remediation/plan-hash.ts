import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.ts';
import type { ResourceKind } from '../snapshot/schema.ts';

/** What a plan id covers: the resource, the strategy and each field's target value. */
export interface PlanIdentity {
  resource: { workspaceId: string; kind: ResourceKind | string; id: string };
  strategy: string;
  changes: ReadonlyArray<{ field: string; after: unknown }>;
}

/**
 * The plan id: SHA-256 (64 hex) of the canonical JSON of resource, strategy and `{field, after}` of every
 * change in plan order. `before` values are deliberately left out: whether the resource still has them is
 * the executor's drift check (compare-and-set), not the identity of the plan. Shown on the issue, kept with
 * the filed plan and with every action.
 */
export function planHash(plan: PlanIdentity): string {
  const identity = {
    resource: { workspaceId: plan.resource.workspaceId, kind: plan.resource.kind, id: plan.resource.id },
    strategy: plan.strategy,
    changes: plan.changes.map((c) => ({ field: c.field, after: c.after ?? null })),
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}

/** The short form shown on issues and in comments (first 12 hex characters). */
export function shortPlanId(hash: string): string {
  return hash.slice(0, 12);
}
