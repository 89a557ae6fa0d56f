import type { SavingsNormaliser, SavingsSection } from '../config/savings-section.ts';
import type { ResourceKind } from '../snapshot/schema.ts';

/**
 * The activity normaliser of a rule: `savings.normaliserByRule[ruleId]`, else by resource kind —
 * per_query for a warehouse (cost per query), per_run for a job (cost per run), none for a cluster, pipeline, table or workspace.
 */
export function normaliserFor(ruleId: string, kind: ResourceKind, savings: SavingsSection): SavingsNormaliser {
  const configured = savings.normaliserByRule[ruleId];
  if (configured !== undefined) return configured;
  switch (kind) {
    case 'warehouse':
      return 'per_query';
    case 'job':
      return 'per_run';
    case 'cluster':
    case 'pipeline':
    case 'table':
    case 'workspace':
      return 'none';
    default: {
      const unreachable: never = kind;
      throw new TypeError(`unknown resource kind ${String(unreachable)}`);
    }
  }
}
