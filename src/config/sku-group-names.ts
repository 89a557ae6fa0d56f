/**
 * SKU groups a negotiated discount is given for. A group is a family of `system.billing.list_prices.sku_name`
 * values (https://docs.databricks.com/aws/en/admin/system-tables/pricing) whatever their tier prefix
 * (`PREMIUM_`, `ENTERPRISE_`, `STANDARD_`) and region or `(PHOTON)` suffix:
 * - `ALL_PURPOSE`: `…ALL_PURPOSE_COMPUTE…` (classic all-purpose clusters)
 * - `JOBS`: `…JOBS_COMPUTE…` (classic job clusters)
 * - `SERVERLESS_JOBS`: `…JOBS_SERVERLESS_COMPUTE…` (serverless jobs and notebooks)
 * - `SQL_CLASSIC`, `SQL_PRO`, `SERVERLESS_SQL`: `…SQL_COMPUTE…`, `…SQL_PRO_COMPUTE…`, `…SERVERLESS_SQL_COMPUTE…`
 *   (https://www.databricks.com/product/pricing/databricks-sql: classic, pro and serverless warehouses)
 * - `DLT`: `…DLT_CORE_COMPUTE…`, `…DLT_PRO_COMPUTE…`, `…DLT_ADVANCED_COMPUTE…` (classic declarative pipelines)
 * - `OTHER`: anything else, and resources without one SKU (a workspace, a table).
 */
export const SKU_GROUPS = [
  'ALL_PURPOSE',
  'JOBS',
  'SERVERLESS_JOBS',
  'SQL_CLASSIC',
  'SQL_PRO',
  'SERVERLESS_SQL',
  'DLT',
  'OTHER',
] as const;
export type SkuGroup = (typeof SKU_GROUPS)[number];
