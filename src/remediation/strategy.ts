import type { z } from 'zod';
import type { Resource, ResourceKind } from '../snapshot/schema.ts';

/** One field the plan changes, with its current value and the value it will have. */
export interface PlannedChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** What a strategy proposes for one resource: the diff, the risk in plain words, and whether it restarts anything. */
export interface PlanResult {
  changes: PlannedChange[];
  risk: string;
  restarts: boolean;
}

/**
 * A typed remediation (DESIGN.md "strategy"). `plan` is pure. `operations` lists every Databricks API
 * operation the strategy may call (documented in docs/security.md); the executor (approvals issue) refuses
 * any other call. `manual` strategies never write.
 */
export interface StrategyDefinition<Args = Record<string, unknown>> {
  name: string;
  description: string;
  kinds: readonly ResourceKind[];
  operations: readonly string[];
  args: z.ZodType<Args>;
  plan(resource: Resource, args: Args): PlanResult;
}
