import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.ts';

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

/** Resizes a SQL warehouse by a number of size steps (`cluster_size`; docs.databricks.com/api/workspace/warehouses/edit). */
export const warehouseSize: StrategyDefinition<{ steps: number }> = {
  name: 'warehouse-size',
  description: 'Resize the warehouse (cluster_size) by whole size steps.',
  kinds: ['warehouse'],
  operations: ['GET /api/2.0/sql/warehouses/{id}', 'POST /api/2.0/sql/warehouses/{id}/edit'],
  args: z.object({
    steps: z
      .number()
      .int()
      .min(-2)
      .max(2)
      .refine((s) => s !== 0, 'steps cannot be 0'),
  }),
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
};
