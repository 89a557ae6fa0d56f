import { z } from 'zod';
import { stepWarehouseSize, WAREHOUSE_SIZES } from '../../snapshot/warehouse-sizes.ts';
import type { StrategyDefinition } from '../strategy.ts';
import { warehouseFieldsExecutor } from '../warehouse-fields.ts';

/**
 * `cluster_size` may move exactly one step from the size the plan starts from (the live size, checked by
 * the executor's compare-and-set), never to an unknown size.
 */
function oneStep(after: unknown, before: unknown): string | null {
  if (typeof after !== 'string' || typeof before !== 'string') return 'cluster_size must be a size name';
  const from = WAREHOUSE_SIZES.indexOf(before as (typeof WAREHOUSE_SIZES)[number]);
  const to = WAREHOUSE_SIZES.indexOf(after as (typeof WAREHOUSE_SIZES)[number]);
  if (from < 0 || to < 0) return `${JSON.stringify(after)} is not a known warehouse size`;
  return Math.abs(to - from) === 1 ? null : `${before} → ${after} is not exactly one size step`;
}

/**
 * Resizes a SQL warehouse by one size step (`cluster_size` with `warehouses/{id}/edit`;
 * https://docs.databricks.com/api/workspace/warehouses/edit).
 */
export const warehouseSize: StrategyDefinition<{ steps: number }> = {
  name: 'warehouse-size',
  description: 'Resize the warehouse (cluster_size) by one size step.',
  kinds: ['warehouse'],
  operations: ['getWarehouse', 'editWarehouse'],
  fields: [
    {
      path: 'cluster_size',
      kinds: ['warehouse'],
      bound: 'exactly one size step from the current size (`-1` down, `+1` up)',
      check: oneStep,
    },
  ],
  args: z.object({ steps: z.union([z.literal(-1), z.literal(1)]) }),
  plan(resource, args) {
    if (resource.kind !== 'warehouse') throw new Error('warehouse-size applies to warehouses');
    const before = resource.config.cluster_size;
    const after = stepWarehouseSize(before, args.steps);
    const running = resource.config.state === 'RUNNING';
    return {
      changes: [{ field: 'cluster_size', before, after }],
      risk:
        args.steps < 0
          ? `Smaller clusters: heavy queries may run longer or spill.${running ? ' A running warehouse may restart its clusters; running queries can be interrupted.' : ''}`
          : `Larger clusters cost more per hour (see estimate).${running ? ' A running warehouse may restart its clusters; running queries can be interrupted.' : ''}`,
      restarts: running,
    };
  },
  executor: warehouseFieldsExecutor(['cluster_size']),
};
