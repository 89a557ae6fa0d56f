import type { Finding } from '../../src/findings/finding.ts';
import type { Resource } from '../../src/snapshot/schema.ts';
import { buildCluster, buildJob, buildWarehouse } from './resource-builders.ts';
import { findingOf } from './rule-harness.ts';

/** One resource per first-wave rule that makes that rule match (used by rendering tests). */
export const MATCHING_RESOURCE: Record<string, Resource> = {
  'warehouse-auto-stop-too-long': buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 40 } }),
  'warehouse-idle-extra-clusters': buildWarehouse({
    config: { min_num_clusters: 2, max_num_clusters: 4 },
    facts: { extraClusterIdleHours: 100 },
  }),
  'warehouse-oversized': buildWarehouse({
    config: { cluster_size: 'Large', state: 'RUNNING' },
    facts: { utilizationPct: 5, queriesWithSpill: 0, queuedQueries: 0, runningHours: 100 },
  }),
  'warehouse-undersized': buildWarehouse({ facts: { queryCount: 1000, queriesWithSpill: 100 } }),
  'warehouse-missing-tags': buildWarehouse({ tags: { owner: 'ana@example.com' } }),
  'cluster-no-auto-termination': buildCluster({
    config: { autotermination_minutes: 0, state: 'RUNNING' },
    facts: { idleHours: 50 },
  }),
  'cluster-idle-running': buildCluster({
    config: { state: 'RUNNING' },
    facts: { avgCpuPct: 3, runningHours: 300, idleHours: 250 },
  }),
  'cluster-missing-tags': buildCluster({ tags: {} }),
  'cluster-unsupported-runtime': buildCluster({
    config: { spark_version: '13.3.x-scala2.12' },
    facts: { runtimeEndOfSupport: '2026-08-22', runtimeDaysToEndOfSupport: -70 },
  }),
  'cluster-memory-pressure': buildCluster({ facts: { oomTerminations: 2, maxMemPct: 99 } }),
  'job-on-all-purpose-compute': buildJob({ facts: { allPurposeTaskHours: 20, allPurposeDbus: 400 } }),
  'job-repeated-failures': buildJob({ facts: { failedRuns: 7, consecutiveFailures: 4, failedRunCostUsd: 42 } }),
  'job-unbounded-retries': buildJob({
    config: { tasks: [{ task_key: 'load', max_retries: -1 }] },
    facts: { retryRuns: 4, retryCostUsd: 100 },
  }),
  'job-no-timeout-runaway': buildJob({ config: { timeout_seconds: 0 }, facts: { runawayRuns: 2, runawayCostUsd: 90 } }),
  'job-missing-tags': buildJob({ tags: {} }),
};

/** One finding of every first-wave rule, produced by the real rules on `MATCHING_RESOURCE`. */
export function oneFindingPerRule(): Finding[] {
  return Object.entries(MATCHING_RESOURCE).map(([id, resource]) => findingOf(id, resource));
}
