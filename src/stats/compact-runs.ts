import { medianOf } from './median.ts';

/** One job run in a per-run series: day index (0 = first baseline day), duration (s), configuration version. */
export interface RunPoint {
  day: number;
  durationSec: number;
  configVersion: number;
}

/** Most per-run points kept per job, so hourly jobs do not bloat the snapshot. */
export const MAX_RUN_POINTS = 120;

/**
 * Keeps a job's per-run series compact: up to `maxPoints` runs unchanged (oldest first); above that, one
 * point per day: the median duration of that day's runs with the day's last configuration version (runs
 * of that day under an older version are dropped). Sorted by day. Pure.
 */
export function compactRuns(runs: readonly RunPoint[], maxPoints = MAX_RUN_POINTS): RunPoint[] {
  if (runs.length <= maxPoints) return [...runs];
  const byDay = new Map<number, RunPoint[]>();
  for (const run of runs) {
    const list = byDay.get(run.day);
    if (list === undefined) byDay.set(run.day, [run]);
    else list.push(run);
  }
  const out: RunPoint[] = [];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const list = byDay.get(day) ?? [];
    const version = list[list.length - 1]?.configVersion ?? 0;
    const durations = list.filter((r) => r.configVersion === version).map((r) => r.durationSec);
    out.push({ day, durationSec: medianOf(durations) ?? 0, configVersion: version });
  }
  return out;
}
