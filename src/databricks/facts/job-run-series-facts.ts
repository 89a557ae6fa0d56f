import { compactRuns, type RunPoint } from '../../stats/compact-runs.ts';
import { resourceKey, toEpochMs, toId, toNumber } from './values.ts';

const DAY_MS = 86_400_000;
/** Terminal states of a successful run (system-table and REST spellings). Other runs are not compared. */
const SUCCEEDED = new Set(['SUCCEEDED', 'SUCCESS', 'SUCCESS_WITH_FAILURES']);

/** The per-run series of one job (src/stats/baseline-facts.ts SERIES), parallel arrays, oldest first. */
export interface JobRunSeries {
  runDurationSec: number[];
  runDay: number[];
  runConfigVersion: number[];
}

interface RunRow {
  startMs: number;
  seconds: number;
  version: number;
}

/**
 * Builder for `job-run-durations` rows (workspace_id, job_id, run_id, run_start TIMESTAMP, run_seconds BIGINT =
 * summed slice seconds, result_state of the run, config_version BIGINT = SCD rows of the job at or before the
 * run's start) over the baseline period + window. Only successful runs are kept: a failed or cancelled run
 * stops early and its duration says nothing about drift; a running one (result_state NULL) is unfinished.
 * Memory: one small record per successful run until `seriesOf`, which compacts (compact-runs.ts).
 */
export function createJobRunSeriesFacts() {
  const byJob = new Map<string, RunRow[]>();
  return {
    add(row: Readonly<Record<string, unknown>>): void {
      const workspaceId = toId(row.workspace_id);
      const jobId = toId(row.job_id);
      if (workspaceId === undefined || jobId === undefined || row.run_start == null) return;
      if (!SUCCEEDED.has(String(row.result_state ?? ''))) return;
      const key = resourceKey(workspaceId, jobId);
      let runs = byJob.get(key);
      if (runs === undefined) {
        runs = [];
        byJob.set(key, runs);
      }
      runs.push({
        startMs: toEpochMs(row.run_start),
        seconds: toNumber(row.run_seconds),
        version: toNumber(row.config_version),
      });
    },
    /**
     * The job's per-run series: day index = whole days from `startDay` (UTC midnight, YYYY-MM-DD) to the run's
     * start; runs outside [0, totalDays) dropped; ordered by start; compacted above MAX_RUN_POINTS runs.
     * @returns undefined when the job has no successful run in the period
     */
    seriesOf(workspaceId: string, jobId: string, startDay: string, totalDays: number): JobRunSeries | undefined {
      const runs = byJob.get(resourceKey(workspaceId, jobId));
      if (runs === undefined) return undefined;
      const startMs = Date.parse(`${startDay}T00:00:00Z`);
      const points: RunPoint[] = [...runs]
        .sort((a, b) => a.startMs - b.startMs)
        .map((r) => ({
          day: Math.floor((r.startMs - startMs) / DAY_MS),
          durationSec: r.seconds,
          configVersion: r.version,
        }))
        .filter((p) => p.day >= 0 && p.day < totalDays);
      if (points.length === 0) return undefined;
      const compact = compactRuns(points);
      return {
        runDurationSec: compact.map((p) => p.durationSec),
        runDay: compact.map((p) => p.day),
        runConfigVersion: compact.map((p) => p.configVersion),
      };
    },
  };
}
