import { z } from 'zod';
import { intBetween } from '../field-bounds.ts';
import type { StrategyDefinition } from '../strategy.ts';
import { warehouseFieldsExecutor } from '../warehouse-fields.ts';

/**
 * Sets a SQL warehouse's `min_num_clusters` and/or `max_num_clusters`
 * with `warehouses/{id}/edit` (min 1–30, max 1–40; https://docs.databricks.com/api/workspace/warehouses/edit).
 */
export const warehouseClusters: StrategyDefinition<{
  min_num_clusters?: number | undefined;
  max_num_clusters?: number | undefined;
}> = {
  name: 'warehouse-clusters',
  description: 'Change the warehouse scaling range (min_num_clusters / max_num_clusters).',
  kinds: ['warehouse'],
  operations: ['getWarehouse', 'editWarehouse'],
  fields: [
    { path: 'min_num_clusters', kinds: ['warehouse'], ...intBetween(1, 30, 'clusters') },
    { path: 'max_num_clusters', kinds: ['warehouse'], ...intBetween(1, 40, 'clusters') },
  ],
  args: z
    .object({
      min_num_clusters: z.number().int().min(1).max(30).optional(),
      max_num_clusters: z.number().int().min(1).max(40).optional(),
    })
    .refine(
      (a) => a.min_num_clusters !== undefined || a.max_num_clusters !== undefined,
      'set min_num_clusters or max_num_clusters',
    ),
  plan(resource, args) {
    if (resource.kind !== 'warehouse') throw new Error('warehouse-clusters applies to warehouses');
    const changes = [];
    if (args.min_num_clusters !== undefined) {
      changes.push({
        field: 'min_num_clusters',
        before: resource.config.min_num_clusters,
        after: args.min_num_clusters,
      });
    }
    if (args.max_num_clusters !== undefined) {
      changes.push({
        field: 'max_num_clusters',
        before: resource.config.max_num_clusters,
        after: args.max_num_clusters,
      });
    }
    const up = (args.max_num_clusters ?? 0) > resource.config.max_num_clusters;
    return {
      changes,
      risk: up
        ? 'More clusters may start under load: cost rises with concurrency while queueing falls.'
        : 'Fewer clusters stay warm: a burst of queries may queue briefly while clusters start.',
      restarts: false,
    };
  },
  executor: warehouseFieldsExecutor(['min_num_clusters', 'max_num_clusters']),
};
