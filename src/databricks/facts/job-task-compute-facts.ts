import { resourceKey, toId, toNumber } from './values.ts';

/**
 * Builder for `job-task-compute` rows (workspace_id, job_id, compute_id, task_runs, task_seconds):
 * task time per job and compute id, and task runs per compute id (ClusterFacts.jobTaskRuns).
 * Memory: one entry per (job, compute id) pair.
 */
export function createJobTaskComputeFacts() {
  const byJob = new Map<string, Map<string, number>>();
  const runsByCompute = new Map<string, number>();
  const secondsByCompute = new Map<string, number>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const jobId = toId(row.job_id);
      const computeId = toId(row.compute_id);
      if (workspaceId === undefined || jobId === undefined || computeId === undefined) return;
      const jobKey = resourceKey(workspaceId, jobId);
      const computeKey = resourceKey(workspaceId, computeId);
      const seconds = toNumber(row.task_seconds);
      let map = byJob.get(jobKey);
      if (map === undefined) {
        map = new Map();
        byJob.set(jobKey, map);
      }
      map.set(computeId, (map.get(computeId) ?? 0) + seconds);
      runsByCompute.set(computeKey, (runsByCompute.get(computeKey) ?? 0) + toNumber(row.task_runs));
      secondsByCompute.set(computeKey, (secondsByCompute.get(computeKey) ?? 0) + seconds);
    },
    /** Task seconds of the job per compute id. */
    secondsByCompute: (workspaceId: string, jobId: string): ReadonlyMap<string, number> =>
      byJob.get(resourceKey(workspaceId, jobId)) ?? new Map(),
    taskRunsOn: (workspaceId: string, computeId: string): number =>
      runsByCompute.get(resourceKey(workspaceId, computeId)) ?? 0,
    taskSecondsOn: (workspaceId: string, computeId: string): number =>
      secondsByCompute.get(resourceKey(workspaceId, computeId)) ?? 0,
  };
}
