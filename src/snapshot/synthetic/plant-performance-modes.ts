import type { JobResource } from '../schema.ts';
import type { Rng } from './rng.ts';
import { round } from './rng.ts';

/** The problem planted here; the id of the rule that should find it. */
export const PERFORMANCE_PROBLEM = 'job-serverless-performance-optimized' as const;

/** Jobs turned serverless per role: planted (standard suffices) and decoys (standard is too slow). */
const PER_ROLE = 3;
/** A standard run costs this share of a performance-optimized one (planted and decoys alike). */
const STANDARD_COST_SHARE = 0.55;

/**
 * Turns a few healthy classic jobs into serverless jobs in PERFORMANCE_OPTIMIZED mode with runs in both modes
 * (issue 15): `planted` ones whose standard runs succeeded and took 1.1-1.3× as long (the rule
 * job-serverless-performance-optimized fires), and decoys whose standard runs took 1.8-2× as long (standard
 * does not suffice: no rule fires). Tasks move to a serverless environment (no clusters), the price becomes
 * the serverless jobs list price `serverlessUsdPerDbu(job)` and costUsd and its parts are rescaled, so
 * costUsd = dbus × usdPerDbu still holds. Runs on a separate random stream before the series are drawn.
 * Mutates the jobs; returns the planted ones and the decoys.
 * @param candidates healthy jobs (no planted problem, no all-purpose target), in a stable order
 */
export function plantPerformanceModes(
  rng: Rng,
  candidates: readonly JobResource[],
  serverlessUsdPerDbu: (job: JobResource) => number,
): { planted: JobResource[]; decoys: JobResource[] } {
  const pool = candidates.filter(
    (j) =>
      j.facts.runs >= 8 &&
      j.facts.runawayRuns === 0 &&
      j.facts.allPurposeDbus === 0 &&
      j.facts.costUsd >= 100 &&
      (j.config.timeout_seconds === 0 || j.facts.p95DurationSec * 2.1 < j.config.timeout_seconds),
  );
  const planted: JobResource[] = [];
  const decoys: JobResource[] = [];
  for (let i = 0; i < 2 * PER_ROLE && pool.length > 0; i++) {
    const [job] = pool.splice(rng.int(0, pool.length - 1), 1);
    if (job === undefined) continue;
    const decoy = i >= PER_ROLE;
    makeServerless(rng, job, serverlessUsdPerDbu(job), decoy);
    (decoy ? decoys : planted).push(job);
  }
  return { planted, decoys };
}

function makeServerless(rng: Rng, job: JobResource, usdPerDbu: number, decoy: boolean): void {
  const f = job.facts;
  const scale = f.usdPerDbu > 0 ? usdPerDbu / f.usdPerDbu : 1;
  f.usdPerDbu = usdPerDbu;
  f.costUsd = round(f.dbus * usdPerDbu);
  f.failedRunCostUsd = round(f.failedRunCostUsd * scale);
  f.retryCostUsd = round(f.retryCostUsd * scale);
  f.runawayCostUsd = round(f.runawayCostUsd * scale);
  const { job_clusters: _clusters, ...config } = job.config;
  job.config = {
    ...config,
    performance_target: 'PERFORMANCE_OPTIMIZED',
    tasks: job.config.tasks.map(({ existing_cluster_id: _e, job_cluster_key: _k, ...task }) => ({
      ...task,
      environment_key: 'default',
    })),
  };
  const standardRuns = Math.max(3, Math.round(f.runs * rng.float(0.2, 0.4)));
  const optimizedRuns = f.runs - standardRuns;
  const optimizedCost = f.costUsd / (optimizedRuns + STANDARD_COST_SHARE * standardRuns);
  f.optimizedModeRuns = optimizedRuns;
  f.optimizedModeP50DurationSec = f.p50DurationSec;
  f.optimizedModeCostPerRunUsd = round(optimizedCost);
  f.standardModeRuns = standardRuns;
  f.standardModeFailedRuns = 0;
  f.standardModeP50DurationSec = Math.round(f.p50DurationSec * (decoy ? rng.float(1.8, 2) : rng.float(1.1, 1.3)));
  // The slower standard runs are among the job's runs: its p95 and longest run are at least their median.
  f.p95DurationSec = Math.max(f.p95DurationSec, f.standardModeP50DurationSec);
  f.maxDurationSec = Math.max(f.maxDurationSec, f.p95DurationSec);
  f.standardModeCostPerRunUsd = round(optimizedCost * STANDARD_COST_SHARE);
}
