/** Warehouse sizes in REST spelling, smallest first (https://docs.databricks.com/api/workspace/warehouses/edit). */
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

/** DBU per hour per cluster by size (overwatch Warehouse_DBU_Details.csv, https://docs.databricks.com/aws/en/compute/sql-warehouse/warehouse-behavior); used only when usage is missing. */
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
 * DBU per hour of the size `steps` away divided by this size's (e.g. Medium → Large = 40 / 24), from
 * WAREHOUSE_DBU_PER_HOUR (https://www.databricks.com/product/pricing/databricks-sql); null when either size is
 * not in the table. A ratio, so it holds at any price.
 */
export function sizeStepCostRatio(size: string, steps: number): number | null {
  const from = WAREHOUSE_DBU_PER_HOUR[size];
  const to = WAREHOUSE_DBU_PER_HOUR[stepWarehouseSize(size, steps)];
  return from === undefined || to === undefined || from <= 0 ? null : to / from;
}
