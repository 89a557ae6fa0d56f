import { WAREHOUSE_DBU_PER_HOUR, WAREHOUSE_SIZES } from '../snapshot/warehouse-sizes.ts';

/**
 * The `ladders` CEL binding: size ladders estimates use instead of flat shares (docs/savings.md).
 * - `warehouseDbuPerHour`: SQL warehouse `cluster_size` → DBU per hour per cluster (the Databricks SQL
 *   pricing table, https://www.databricks.com/product/pricing/databricks-sql; sizes and their worker counts:
 *   https://docs.databricks.com/aws/compute/sql-warehouse/warehouse-behavior).
 * - `warehouseSmaller` / `warehouseLarger`: the size one step down / up (the smallest / largest map to themselves).
 */
export const SIZE_LADDERS: {
  warehouseDbuPerHour: Record<string, number>;
  warehouseSmaller: Record<string, string>;
  warehouseLarger: Record<string, string>;
} = {
  warehouseDbuPerHour: { ...WAREHOUSE_DBU_PER_HOUR },
  warehouseSmaller: Object.fromEntries(
    WAREHOUSE_SIZES.map((size, i) => [size, WAREHOUSE_SIZES[Math.max(0, i - 1)] ?? size]),
  ),
  warehouseLarger: Object.fromEntries(
    WAREHOUSE_SIZES.map((size, i) => [size, WAREHOUSE_SIZES[Math.min(WAREHOUSE_SIZES.length - 1, i + 1)] ?? size]),
  ),
};
