import type { Price } from '../schema.ts';

/**
 * List prices (USD per DBU) per cloud and SKU, as the current rows of `system.billing.list_prices`
 * (`pricing.effective_list.default`, price_end_time IS NULL). Public list prices in 2026; AWS has
 * Premium and Enterprise tiers, Azure Standard and Premium. Serverless SQL is priced apart from pro and classic
 * (https://www.databricks.com/product/pricing/databricks-sql), its DBU includes the cloud instances.
 * Pipelines are priced by edition; the generator's pipelines are ADVANCED
 * (https://www.databricks.com/product/pricing/lakeflow-declarative-pipelines).
 */
export const LIST_PRICES: readonly Price[] = [
  { cloud: 'AWS', sku_name: 'PREMIUM_ALL_PURPOSE_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.55 },
  { cloud: 'AWS', sku_name: 'PREMIUM_JOBS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.15 },
  { cloud: 'AWS', sku_name: 'PREMIUM_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.22 },
  { cloud: 'AWS', sku_name: 'PREMIUM_SQL_PRO_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.55 },
  { cloud: 'AWS', sku_name: 'PREMIUM_SERVERLESS_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.7 },
  { cloud: 'AWS', sku_name: 'PREMIUM_JOBS_SERVERLESS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.35 },
  { cloud: 'AWS', sku_name: 'PREMIUM_DLT_ADVANCED_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.36 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_ALL_PURPOSE_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.65 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_JOBS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.2 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.22 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_SQL_PRO_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.66 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_SERVERLESS_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.7 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_JOBS_SERVERLESS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.45 },
  { cloud: 'AWS', sku_name: 'ENTERPRISE_DLT_ADVANCED_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.36 },
  { cloud: 'AZURE', sku_name: 'STANDARD_ALL_PURPOSE_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.4 },
  { cloud: 'AZURE', sku_name: 'STANDARD_JOBS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.15 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_ALL_PURPOSE_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.55 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_JOBS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.3 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.22 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_SQL_PRO_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.55 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_SERVERLESS_SQL_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.7 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_JOBS_SERVERLESS_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.45 },
  { cloud: 'AZURE', sku_name: 'PREMIUM_DLT_ADVANCED_COMPUTE', usage_unit: 'DBU', usd_per_dbu: 0.54 },
];

/** Product families a workspace pays for; the SKU is `<TIER>_<family>`. */
export type SkuFamily =
  | 'ALL_PURPOSE_COMPUTE'
  | 'JOBS_COMPUTE'
  | 'SQL_COMPUTE'
  | 'SQL_PRO_COMPUTE'
  | 'SERVERLESS_SQL_COMPUTE'
  | 'JOBS_SERVERLESS_COMPUTE'
  | 'DLT_ADVANCED_COMPUTE';

/**
 * List price in USD per DBU for a cloud, pricing tier and product family.
 * @throws Error when the SKU is not in LIST_PRICES (a bug in the generator).
 */
export function listPrice(cloud: Price['cloud'], tier: string, family: SkuFamily): number {
  const sku = `${tier}_${family}`;
  const price = LIST_PRICES.find((p) => p.cloud === cloud && p.sku_name === sku);
  if (price === undefined) throw new Error(`no list price for ${cloud} ${sku}`);
  return price.usd_per_dbu;
}
