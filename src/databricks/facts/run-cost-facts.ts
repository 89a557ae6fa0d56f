import { resourceKey, toId, toNumber } from './values.ts';

/** Serverless performance mode of a run's usage (`product_features.performance_target`). */
export type PerformanceMode = 'PERFORMANCE_OPTIMIZED' | 'STANDARD';

/**
 * Streaming builder for `usage-by-job-run` rows (workspace_id, job_id, job_run_id, performance_target, dbus,
 * list_cost_usd): list cost in USD per job run, keyed by (workspace, run id), and the run's serverless
 * performance mode when its usage carries one (the mode with the most cost wins if a run has both).
 * Memory: one number and one mode per run.
 */
export function createRunCostFacts(): {
  add(row: Readonly<Record<string, unknown>>): void;
  costOf(workspaceId: string, runId: string): number;
  modeOf(workspaceId: string, runId: string): PerformanceMode | null;
} {
  const costs = new Map<string, number>();
  const modes = new Map<string, { mode: PerformanceMode; cost: number }>();
  return {
    add(row) {
      const workspaceId = toId(row.workspace_id);
      const runId = toId(row.job_run_id);
      if (workspaceId === undefined || runId === undefined) return;
      const key = resourceKey(workspaceId, runId);
      const cost = toNumber(row.list_cost_usd);
      costs.set(key, (costs.get(key) ?? 0) + cost);
      const mode = row.performance_target;
      if (mode !== 'PERFORMANCE_OPTIMIZED' && mode !== 'STANDARD') return;
      const previous = modes.get(key);
      if (previous === undefined || cost > previous.cost) modes.set(key, { mode, cost });
    },
    costOf: (workspaceId, runId) => costs.get(resourceKey(workspaceId, runId)) ?? 0,
    modeOf: (workspaceId, runId) => modes.get(resourceKey(workspaceId, runId))?.mode ?? null,
  };
}
