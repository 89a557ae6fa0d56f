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

/**
 * The warehouse sizes a text names as sizes: whole words, so `Small` inside `X-Small` or `Smaller` does not
 * count. Used by verification and the eval judge alike to compare the sizes a text proposes with the sizes
 * its evidence shows.
 */
export function namedWarehouseSizes(text: string): string[] {
  return WAREHOUSE_SIZES.filter((size) => new RegExp(`(^|[^\\w-])${size}(?![\\w-])`).test(text));
}
