import { ClusterConfig, JobConfig, JobTask, WarehouseConfig } from '../snapshot/resource-kinds-schema.ts';

/**
 * Every configuration field name lakewarden knows (REST wire names from src/snapshot/schema.ts), plus
 * the fields strategies change. Only snake_case names: plain words such as `state` or `name` are ordinary English. Used to spot text that proposes changing a field the plan does not touch.
 */
export const KNOWN_CONFIG_FIELDS: ReadonlySet<string> = new Set(
  [
    ...Object.keys(WarehouseConfig.shape),
    ...Object.keys(ClusterConfig.shape),
    ...Object.keys(JobConfig.shape),
    ...Object.keys(JobTask.shape),
    'custom_tags',
    'min_workers',
    'max_workers',
  ].filter((field) => field.includes('_')),
);

/** SQL warehouse t-shirt sizes (REST `cluster_size`), longest first so `2X-Large` wins over `Large`. */
export const WAREHOUSE_SIZES: readonly string[] = [
  '5X-Large',
  '4X-Large',
  '3X-Large',
  '2X-Large',
  '2X-Small',
  '4X-Small',
  'X-Large',
  'X-Small',
  'Medium',
  'Large',
  'Small',
];
