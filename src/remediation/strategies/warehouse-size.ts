import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';
import { warehouseFieldsExecutor } from '../warehouse-fields.ts';

/** Warehouse sizes in REST spelling, smallest first (databricks.md §4.2). */
export const WAREHOUSE_SIZES = [
  '2X-Small',
  'X-Small',
  'Small',
  'Medium',
  'Large',
  'X-Large',
  '2X-Large',
  '3X-Large',
  '4X-Large',
  '5X-Large',
] as const;

/** DBU per hour per cluster by size (overwatch Warehouse_DBU_Details.csv, databricks.md §8.1); used only when usage is missing. */
export const WAREHOUSE_DBU_PER_HOUR: Record<string, number> = {
  '2X-Small': 4,
  'X-Small': 6,
  Small: 12,
  Medium: 24,
  Large: 40,
  'X-Large': 80,
  '2X-Large': 144,
  '3X-Large': 272,
  '4X-Large': 528,
};

/** The size `steps` away from `size` (negative = smaller), clamped to the list; unknown sizes return themselves. */
export function stepWarehouseSize(size: string, steps: number): string {
  const index = WAREHOUSE_SIZES.indexOf(size as (typeof WAREHOUSE_SIZES)[number]);
  if (index < 0) return size;
  const next = Math.min(WAREHOUSE_SIZES.length - 1, Math.max(0, index + steps));
  return WAREHOUSE_SIZES[next] ?? size;
}

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
 * DBU per hour of the size `steps` away divided by this size's (e.g. Medium → Large = 40 / 24), from
 * WAREHOUSE_DBU_PER_HOUR (https://www.databricks.com/product/pricing/databricks-sql); null when either size is
 * not in the table. A ratio, so it holds at any price.
 */
export function sizeStepCostRatio(size: string, steps: number): number | null {
  const from = WAREHOUSE_DBU_PER_HOUR[size];
  const to = WAREHOUSE_DBU_PER_HOUR[stepWarehouseSize(size, steps)];
  return from === undefined || to === undefined || from <= 0 ? null : to / from;
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
