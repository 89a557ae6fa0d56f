import { resourceKey, toId, toNumber } from './values.ts';

/**
 * Streaming builder for `usage-by-job-run` rows (workspace_id, job_id, job_run_id, dbus, list_cost_usd):
 * list cost in USD per job run, keyed by (workspace, run id). Memory: one number per run.
 */
export function createRunCostFacts(): {
  add(row: Readonly<Record<string, unknown>>): void;
  costOf(workspaceId: string, runId: string): number;
} {
  const costs = new Map<string, number>();
  return {
    add(row) {
      const workspaceId = toId(row.workspace_id);
      const runId = toId(row.job_run_id);
      if (workspaceId === undefined || runId === undefined) return;
      const key = resourceKey(workspaceId, runId);
      costs.set(key, (costs.get(key) ?? 0) + toNumber(row.list_cost_usd));
    },
    costOf: (workspaceId, runId) => costs.get(resourceKey(workspaceId, runId)) ?? 0,
  };
}
