import { medianOf } from '../../stats/median.ts';
import type { PerformanceMode } from './run-cost-facts.ts';
import { resourceKey, toEpochMs, toId, toNumber } from './values.ts';

const FAILED = new Set(['FAILED', 'ERROR', 'TIMED_OUT', 'TIMEDOUT']);
const SUCCEEDED = new Set(['SUCCEEDED', 'SUCCESS', 'SUCCESS_WITH_FAILURES']);

/** Run statistics of one job (schema.ts JobFacts). Durations in seconds, costs in USD. */
export interface JobRunStats {
  runs: number;
  failedRuns: number;
  consecutiveFailures: number;
  p50DurationSec: number;
  p95DurationSec: number;
  maxDurationSec: number;
  runawayRuns: number;
  runawayCostUsd: number;
  failedRunCostUsd: number;
  /** Finished runs per serverless performance mode (absent for a job with no serverless usage). */
  modes?: Record<PerformanceMode, ModeStats>;
}

/** Finished runs of one performance mode: count, failures, median duration (s) and median list cost per run (USD). */
export interface ModeStats {
  runs: number;
  failedRuns: number;
  p50DurationSec: number;
  medianCostUsd: number;
}

interface Run {
  runId: string;
  endMs: number;
  seconds: number;
  state: string | null;
}

/**
 * Builder for `job-runs` rows (one per run: run_start, run_end, run_seconds BIGINT, result_state of the
 * last slice; NULL while running). Keeps (run id, end, duration, state) per run until `finish`, which
 * needs the whole distribution per job for p50/p95. Memory: one small record per run, not per slice.
 * p50/p95 use the nearest-rank method over finished runs.
 */
export function createJobRunFacts() {
  const runsByJob = new Map<string, Run[]>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const jobId = toId(row.job_id);
      const runId = toId(row.run_id);
      if (workspaceId === undefined || jobId === undefined || runId === undefined) return;
      const key = resourceKey(workspaceId, jobId);
      let runs = runsByJob.get(key);
      if (runs === undefined) {
        runs = [];
        runsByJob.set(key, runs);
      }
      const state = row.result_state === null || row.result_state === undefined ? null : String(row.result_state);
      runs.push({ runId, endMs: toEpochMs(row.run_end), seconds: toNumber(row.run_seconds), state });
    },
    /**
     * @param runCost list cost of a run (USD) by workspace and run id.
     * @param modeOf the run's serverless performance mode, or null (classic compute, or unknown).
     */
    finish(
      runCost: (workspaceId: string, runId: string) => number,
      modeOf: (workspaceId: string, runId: string) => PerformanceMode | null = () => null,
    ): Map<string, JobRunStats> {
      const out = new Map<string, JobRunStats>();
      for (const [key, runs] of runsByJob) {
        const workspaceId = key.slice(0, key.indexOf('|'));
        const finished = runs.filter((r) => r.state !== null);
        const durations = finished.map((r) => r.seconds).sort((a, b) => a - b);
        const p50 = quantile(durations, 0.5);
        let runawayRuns = 0;
        let runawayCostUsd = 0;
        let failedRuns = 0;
        let failedRunCostUsd = 0;
        for (const run of finished) {
          const cost = runCost(workspaceId, run.runId);
          if (FAILED.has(run.state ?? '')) {
            failedRuns++;
            failedRunCostUsd += cost;
          }
          if (p50 > 0 && run.seconds > 3 * p50) {
            runawayRuns++;
            runawayCostUsd += (cost * (run.seconds - 3 * p50)) / run.seconds;
          }
        }
        let consecutiveFailures = 0;
        for (const run of [...finished].sort((a, b) => b.endMs - a.endMs)) {
          if (SUCCEEDED.has(run.state ?? '')) break;
          if (FAILED.has(run.state ?? '')) consecutiveFailures++;
        }
        const modes = modeStats(
          finished,
          (run) => modeOf(workspaceId, run.runId),
          (run) => runCost(workspaceId, run.runId),
        );
        out.set(key, {
          ...(modes === undefined ? {} : { modes }),
          runs: runs.length,
          failedRuns,
          consecutiveFailures,
          p50DurationSec: p50,
          p95DurationSec: quantile(durations, 0.95),
          maxDurationSec: durations.at(-1) ?? 0,
          runawayRuns,
          runawayCostUsd,
          failedRunCostUsd,
        });
      }
      return out;
    },
  };
}

/** Per-mode stats of finished runs, or undefined when no run has a performance mode. */
function modeStats(
  finished: readonly Run[],
  modeOf: (run: Run) => PerformanceMode | null,
  costOf: (run: Run) => number,
): Record<PerformanceMode, ModeStats> | undefined {
  const byMode: Record<PerformanceMode, Run[]> = { PERFORMANCE_OPTIMIZED: [], STANDARD: [] };
  for (const run of finished) {
    const mode = modeOf(run);
    if (mode !== null) byMode[mode].push(run);
  }
  if (byMode.PERFORMANCE_OPTIMIZED.length + byMode.STANDARD.length === 0) return undefined;
  const stats = (runs: readonly Run[]): ModeStats => ({
    runs: runs.length,
    failedRuns: runs.filter((r) => FAILED.has(r.state ?? '')).length,
    p50DurationSec: quantile(
      runs.map((r) => r.seconds).sort((a, b) => a - b),
      0.5,
    ),
    medianCostUsd: medianOf(runs.map(costOf)) ?? 0,
  });
  return { PERFORMANCE_OPTIMIZED: stats(byMode.PERFORMANCE_OPTIMIZED), STANDARD: stats(byMode.STANDARD) };
}

/** Nearest-rank quantile of an ascending array; 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
