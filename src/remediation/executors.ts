import type { StrategyExecutor } from './executor.ts';
import { addTagsExecutor } from './executors/add-tags.ts';
import { clusterAutoTerminationExecutor } from './executors/cluster-auto-termination.ts';
import { clusterTerminateExecutor } from './executors/cluster-terminate.ts';
import { jobRetriesExecutor } from './executors/job-retries.ts';
import { jobTimeoutExecutor } from './executors/job-timeout.ts';
import { warehouseFieldsExecutor } from './executors/warehouse-fields.ts';

/** The execution part of every strategy that writes, by strategy name (`manual` has none: it never writes). */
export const EXECUTORS: ReadonlyMap<string, StrategyExecutor> = new Map(
  [
    warehouseFieldsExecutor('warehouse-auto-stop'),
    warehouseFieldsExecutor('warehouse-clusters'),
    warehouseFieldsExecutor('warehouse-size'),
    clusterAutoTerminationExecutor,
    clusterTerminateExecutor,
    jobTimeoutExecutor,
    jobRetriesExecutor,
    addTagsExecutor,
  ].map((e) => [e.strategy, e]),
);
