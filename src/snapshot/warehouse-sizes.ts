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
