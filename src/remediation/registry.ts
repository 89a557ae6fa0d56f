import { addTags } from './strategies/add-tags.ts';
import { clusterAutoTermination } from './strategies/cluster-auto-termination.ts';
import { clusterTerminate } from './strategies/cluster-terminate.ts';
import { jobRetries } from './strategies/job-retries.ts';
import { jobTimeout } from './strategies/job-timeout.ts';
import { manual } from './strategies/manual.ts';
import { warehouseAutoStop } from './strategies/warehouse-auto-stop.ts';
import { warehouseClusters } from './strategies/warehouse-clusters.ts';
import { warehouseSize } from './strategies/warehouse-size.ts';
import type { StrategyDefinition } from './strategy.ts';

/**
 * Every strategy, by name. Adding a strategy = one file (what it plans, the operations and fields it may
 * touch with their bounds, how it reads and writes) plus one line here.
 */
export const STRATEGIES: ReadonlyMap<string, StrategyDefinition<never>> = new Map(
  (
    [
      warehouseAutoStop,
      warehouseClusters,
      warehouseSize,
      clusterAutoTermination,
      clusterTerminate,
      jobTimeout,
      jobRetries,
      addTags,
      manual,
    ] as StrategyDefinition<never>[]
  ).map((s) => [s.name, s]),
);
