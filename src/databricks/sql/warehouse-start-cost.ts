import { WAREHOUSE_DBU_PER_HOUR } from '../../snapshot/warehouse-sizes.ts';
import type { WarehouseInfo } from '../rest/schemas.ts';

/**
 * Databricks' public list prices of one SQL DBU in USD (AWS, Premium tier), per warehouse type, from
 * https://www.databricks.com/product/pricing/databricks-sql — used only when `databricks.sqlUsdPerDbu`
 * is not configured. Classic and pro warehouses also bill cloud VMs, which are not included.
 */
export const SQL_LIST_USD_PER_DBU: Record<'SERVERLESS' | 'PRO' | 'CLASSIC', number> = {
  SERVERLESS: 0.7,
  PRO: 0.55,
  CLASSIC: 0.22,
};

/** What starting a warehouse costs per hour while it runs at its minimum number of clusters. */
export interface WarehouseStartCost {
  /** DBU per hour: DBU/hour per cluster of `cluster_size` × `min_num_clusters`. */
  dbuPerHour: number;
  /** USD per DBU used, and where it came from. */
  usdPerDbu: number;
  priceSource: 'databricks.sqlUsdPerDbu' | 'list price';
  /** USD per hour (DBU only; cloud VMs of classic/pro warehouses not included). */
  usdPerHour: number;
}

/**
 * The hourly cost of a started warehouse (pure): the size's DBU/hour per cluster (WAREHOUSE_DBU_PER_HOUR,
 * https://docs.databricks.com/aws/en/compute/sql-warehouse/warehouse-behavior) × `min_num_clusters` × the price per DBU. Undefined when the size is unknown.
 */
export function warehouseStartCost(warehouse: WarehouseInfo, usdPerDbu?: number): WarehouseStartCost | undefined {
  const perCluster = WAREHOUSE_DBU_PER_HOUR[warehouse.cluster_size];
  if (perCluster === undefined) return undefined;
  const dbuPerHour = perCluster * Math.max(1, warehouse.min_num_clusters);
  const type = warehouse.enable_serverless_compute
    ? 'SERVERLESS'
    : warehouse.warehouse_type === 'PRO'
      ? 'PRO'
      : 'CLASSIC';
  const price = usdPerDbu ?? SQL_LIST_USD_PER_DBU[type];
  return {
    dbuPerHour,
    usdPerDbu: price,
    priceSource: usdPerDbu === undefined ? 'list price' : 'databricks.sqlUsdPerDbu',
    usdPerHour: Math.round(dbuPerHour * price * 100) / 100,
  };
}

/** One line for doctor and progress messages, e.g. "starting it costs about $13.20/hour (24 DBU/hour × $0.55/DBU list price)". */
export function describeStartCost(warehouse: WarehouseInfo, usdPerDbu?: number): string {
  const cost = warehouseStartCost(warehouse, usdPerDbu);
  if (cost === undefined) return `starting it bills DBUs for size ${warehouse.cluster_size} until it auto-stops`;
  const stop =
    warehouse.auto_stop_mins > 0
      ? `, until it auto-stops after ${warehouse.auto_stop_mins} min idle`
      : ', and it never auto-stops';
  return `starting it costs about $${cost.usdPerHour.toFixed(2)}/hour (${cost.dbuPerHour} DBU/hour for ${warehouse.cluster_size} × ${Math.max(1, warehouse.min_num_clusters)} cluster(s) at $${cost.usdPerDbu}/DBU ${cost.priceSource}${warehouse.enable_serverless_compute ? '' : ', plus cloud VMs'})${stop}`;
}
