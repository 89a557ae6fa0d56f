import type { Rng } from './rng.ts';

/** Problems planted on warehouses; each name is the id of the rule that should find it. */
export const WAREHOUSE_PROBLEMS = [
  'warehouse-auto-stop-too-long',
  'warehouse-idle-extra-clusters',
  'warehouse-oversized',
  'warehouse-undersized',
  'warehouse-missing-tags',
] as const;
/** Problems planted on clusters. */
export const CLUSTER_PROBLEMS = [
  'cluster-no-auto-termination',
  'cluster-idle-running',
  'cluster-missing-tags',
  'cluster-unsupported-runtime',
  'cluster-memory-pressure',
] as const;
/** Problems planted on jobs. */
export const JOB_PROBLEMS = [
  'job-on-all-purpose-compute',
  'job-repeated-failures',
  'job-unbounded-retries',
  'job-no-timeout-runaway',
  'job-missing-tags',
] as const;

/** Problems planted on Lakeflow Declarative Pipelines (make-pipeline.ts, on their own random stream). */
export const PIPELINE_PROBLEMS = ['pipeline-development-mode-scheduled', 'pipeline-continuous-little-work'] as const;
/** Problems planted on Unity Catalog tables (predictive-optimization history). */
export const TABLE_PROBLEMS = ['table-small-files'] as const;
/** Problems planted on whole workspaces. */
export const WORKSPACE_PROBLEMS = ['workspace-cost-spike'] as const;

/**
 * Second-wave problems: anomalies in the daily series (baseline vs recent period), planted by
 * plant-anomalies.ts on otherwise healthy resources with a separate random stream, so the first-wave
 * resources and their planted problems stay exactly as they were.
 */
export const ANOMALY_PROBLEMS = [
  'warehouse-cost-spike',
  'warehouse-repeated-query-failures',
  'warehouse-spill-heavy',
  'cluster-cost-spike',
  'job-cost-spike',
  'job-runtime-drift',
] as const;
export type AnomalyProblem = (typeof ANOMALY_PROBLEMS)[number];

export type WarehouseProblem = (typeof WAREHOUSE_PROBLEMS)[number];
export type ClusterProblem = (typeof CLUSTER_PROBLEMS)[number];
export type JobProblem = (typeof JOB_PROBLEMS)[number];
export type PipelineProblem = (typeof PIPELINE_PROBLEMS)[number];
export type TableProblem = (typeof TABLE_PROBLEMS)[number];
export type WorkspaceProblem = (typeof WORKSPACE_PROBLEMS)[number];
/** Planted by plant-performance-modes.ts on healthy jobs made serverless, on its own random stream. */
export type PerformanceProblem = 'job-serverless-performance-optimized';
export type Problem =
  | WarehouseProblem
  | ClusterProblem
  | JobProblem
  | AnomalyProblem
  | PipelineProblem
  | TableProblem
  | WorkspaceProblem
  | PerformanceProblem;

/**
 * Decides which of `count` resources carry a problem: `share` (0…1) of them, but at least two per problem
 * (when there are enough resources), cycling through `problems`, in a shuffled order. null = healthy.
 */
export function assignProblems<P extends string>(
  rng: Rng,
  count: number,
  problems: readonly P[],
  share: number,
): Array<P | null> {
  const wanted = Math.min(count, Math.max(problems.length * 2, Math.round(count * share)));
  const out: Array<P | null> = [];
  for (let i = 0; i < count; i++) out.push(i < wanted ? (problems[i % problems.length] ?? null) : null);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = out[i] ?? null;
    out[i] = out[j] ?? null;
    out[j] = a;
  }
  return out;
}
