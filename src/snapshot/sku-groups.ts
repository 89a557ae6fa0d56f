import type { SkuGroup } from '../config/sku-group-names.ts';
import type { Resource } from './schema.ts';

/** The `sku_name` pattern of each group but OTHER, tested in this order (the first match wins). */
export const SKU_GROUP_PATTERNS: ReadonlyArray<readonly [Exclude<SkuGroup, 'OTHER'>, RegExp]> = [
  ['SERVERLESS_SQL', /SERVERLESS_SQL_COMPUTE/],
  ['SQL_PRO', /(?<!SERVERLESS_)SQL_PRO_COMPUTE/],
  ['SQL_CLASSIC', /(?<!SERVERLESS_)SQL_COMPUTE/],
  ['SERVERLESS_JOBS', /JOBS_SERVERLESS_COMPUTE/],
  ['JOBS', /(?<!SERVERLESS_)JOBS_COMPUTE/],
  ['DLT', /DLT_(CORE|PRO|ADVANCED)_COMPUTE/],
  ['ALL_PURPOSE', /(?<!SERVERLESS_)ALL_PURPOSE_COMPUTE/],
];

/** The group of a `sku_name`, e.g. `PREMIUM_SQL_PRO_COMPUTE_US_WEST_OREGON` → `SQL_PRO`; OTHER when none matches. */
export function skuGroupOfSku(skuName: string): SkuGroup {
  for (const [group, pattern] of SKU_GROUP_PATTERNS) if (pattern.test(skuName)) return group;
  return 'OTHER';
}

/** The `sku_name` pattern of a group (OTHER matches nothing). */
export function skuPatternOf(group: SkuGroup): RegExp {
  return SKU_GROUP_PATTERNS.find(([g]) => g === group)?.[1] ?? /$^/;
}

/**
 * The SKU group a resource is billed under, from its configuration: a warehouse by type (serverless = PRO with
 * `enable_serverless_compute`), a cluster by `cluster_source` (JOB → JOBS, PIPELINE → DLT, else ALL_PURPOSE),
 * a job by its compute (every task on a serverless environment and no cluster → SERVERLESS_JOBS, else JOBS),
 * anything else OTHER.
 */
export function skuGroupOfResource(resource: Resource): SkuGroup {
  switch (resource.kind) {
    case 'warehouse':
      return warehouseSkuGroup(resource.config);
    case 'cluster':
      if (resource.config.cluster_source === 'JOB') return 'JOBS';
      if (resource.config.cluster_source === 'PIPELINE') return 'DLT';
      return 'ALL_PURPOSE';
    case 'job': {
      const tasks = resource.config.tasks;
      const serverless =
        tasks.length > 0 &&
        tasks.every((t) => t.existing_cluster_id === undefined && t.job_cluster_key === undefined) &&
        (resource.config.job_clusters ?? []).length === 0;
      return serverless ? 'SERVERLESS_JOBS' : 'JOBS';
    }
    default:
      return 'OTHER';
  }
}

/**
 * The SKU group of a SQL warehouse from its REST fields: serverless is `warehouse_type: PRO` with
 * `enable_serverless_compute: true` (https://docs.databricks.com/api/workspace/warehouses/get).
 */
export function warehouseSkuGroup(config: {
  warehouse_type: string;
  enable_serverless_compute?: boolean | undefined;
}): SkuGroup {
  if (config.enable_serverless_compute === true) return 'SERVERLESS_SQL';
  return config.warehouse_type === 'PRO' ? 'SQL_PRO' : 'SQL_CLASSIC';
}
