import { z } from 'zod';
import { num } from './fact-helpers.ts';
import {
  ClusterConfig,
  ClusterFacts,
  JobConfig,
  JobFacts,
  PipelineConfig,
  PipelineFacts,
  TableConfig,
  TableFacts,
  WarehouseConfig,
  WarehouseFacts,
  WorkspaceConfig,
  WorkspaceFacts,
} from './resource-kinds-schema.ts';

/**
 * The snapshot: one collection of operational metadata for one Databricks account over a window.
 * Versioned (`schemaVersion`), validated with zod, exported as JSON Schema by `lakewarden snapshot schema`.
 * Field names inside `config` are the Databricks REST wire names (https://docs.databricks.com/api/workspace/introduction); facts carry
 * their unit in their doc. Every fact is derived from system tables as its description says
 * (docs: https://docs.databricks.com/aws/en/admin/system-tables/).
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export const Workspace = z.object({
  id: z.string().min(1).describe('Databricks workspace id (string, as in system tables).'),
  name: z.string().describe('Display name of the workspace.'),
  host: z.string().describe('Workspace URL, e.g. https://dbc-a1b2c3d4-e5f6.cloud.databricks.com'),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']).describe('Cloud, as `system.billing.usage.cloud`.'),
  region: z.string().describe('Cloud region, e.g. us-west-2.'),
});
export type Workspace = z.infer<typeof Workspace>;

export const Price = z.object({
  sku_name: z.string().describe('SKU, as `system.billing.list_prices.sku_name`.'),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  usage_unit: z.string().default('DBU'),
  usd_per_dbu: num(
    'List price in USD per DBU: `pricing.effective_list.default` of the current row (price_end_time IS NULL).',
  ),
});
export type Price = z.infer<typeof Price>;

export const Owners = z
  .object({
    owner: z.string().optional().describe('owned_by (system tables) / creator_name for warehouses.'),
    creator: z.string().optional().describe('creator_user_name (REST) / created_by.'),
    runAs: z.string().optional().describe('run_as_user_name for jobs (user or service principal application id).'),
  })
  .describe('Owner identities of the resource (Class B: routed on, never sent to a model unhashed).');
export type Owners = z.infer<typeof Owners>;

const Tags = z.record(z.string(), z.string()).describe('User tags (custom_tags) as a key → value map.');

/**
 * Series of the baseline + window, used by anomaly facts (names and units: src/stats/baseline-facts.ts SERIES).
 * Daily series (`costUsd` USD/day, `dbus` DBU/day, warehouses: `queryCount` statements/day, `spilledBytes`
 * bytes/day, `failedQueries.<ERROR_CLASS>` failures/day, `failedQueries` all classes per day — the only failure
 * series of a live snapshot) have Snapshot.baseline.days + window.days values,
 * index 0 = Snapshot.baseline.start. Per-run series (jobs: `runDurationSec` seconds, `runDay` day index into
 * the daily series, `runConfigVersion` configuration version) have one value per run, oldest first.
 */
const Series = z
  .record(z.string(), numberSeries())
  .optional()
  .describe('Series keyed by name, oldest first (daily or per run; see Snapshot.baseline).');

/**
 * An array of finite numbers, checked in one loop and returned as is: series are most of a snapshot's numbers,
 * and `z.array(z.number())` allocates a result per element and copies the array (validation then cost several
 * times a bare JSON.parse). Same JSON Schema as `z.array(z.number())` (`.meta`).
 */
function numberSeries() {
  return z
    .custom<number[]>(isNumberArray, { message: 'expected an array of finite numbers' })
    .meta({ type: 'array', items: { type: 'number' } });
}

function isNumberArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) return false;
  return true;
}

const ResourceBase = {
  workspaceId: z.string().min(1),
  id: z.string().min(1).describe('Resource id as a string (job_id is int64 in REST, string in system tables).'),
  name: z.string().describe('Display name (Class B).'),
  tags: Tags,
  owners: Owners,
  series: Series,
};

export const WarehouseResource = z.object({
  kind: z.literal('warehouse'),
  ...ResourceBase,
  config: WarehouseConfig,
  facts: WarehouseFacts,
});
export const ClusterResource = z.object({
  kind: z.literal('cluster'),
  ...ResourceBase,
  config: ClusterConfig,
  facts: ClusterFacts,
});
export const JobResource = z.object({ kind: z.literal('job'), ...ResourceBase, config: JobConfig, facts: JobFacts });

/**
 * A Unity Catalog table seen in predictive-optimization history: id = table_id, name = catalog.schema.table
 * (Class B); tags and owners are empty on live snapshots (no system table lakewarden reads carries them).
 */
export const TableResource = z.object({
  kind: z.literal('table'),
  ...ResourceBase,
  config: TableConfig,
  facts: TableFacts,
});

/**
 * A whole workspace as one resource (id = workspace id, name = its display name), for workspace-level rules such
 * as workspace-cost-spike; tags come from configuration or the generator, empty on a plain live snapshot.
 */
export const WorkspaceResource = z.object({
  kind: z.literal('workspace'),
  ...ResourceBase,
  config: WorkspaceConfig,
  facts: WorkspaceFacts,
});

/**
 * A Lakeflow Declarative Pipeline (formerly Delta Live Tables): id = pipeline_id, name = its display name
 * (Class B); owners from the REST `creator_user_name` and `run_as_user_name`, tags from the spec `tags`.
 */
export const PipelineResource = z.object({
  kind: z.literal('pipeline'),
  ...ResourceBase,
  config: PipelineConfig,
  facts: PipelineFacts,
});

export const Resource = z.discriminatedUnion('kind', [
  WarehouseResource,
  ClusterResource,
  JobResource,
  PipelineResource,
  TableResource,
  WorkspaceResource,
]);
export type Resource = z.infer<typeof Resource>;
export type TableResource = z.infer<typeof TableResource>;
export type WorkspaceResource = z.infer<typeof WorkspaceResource>;
export type WarehouseResource = z.infer<typeof WarehouseResource>;
export type ClusterResource = z.infer<typeof ClusterResource>;
export type JobResource = z.infer<typeof JobResource>;
export type PipelineResource = z.infer<typeof PipelineResource>;
export type ResourceKind = Resource['kind'];
export const RESOURCE_KINDS = [
  'warehouse',
  'cluster',
  'job',
  'pipeline',
  'table',
  'workspace',
] as const satisfies readonly ResourceKind[];

export const Snapshot = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  accountId: z.string(),
  generatedAt: z.iso.datetime().describe('When the snapshot was collected (UTC).'),
  window: z.object({
    start: z.iso.date().describe('First day of the window (inclusive, UTC).'),
    end: z.iso.date().describe('Last day of the window (inclusive, UTC).'),
    days: z.number().int().positive(),
  }),
  source: z.enum(['live', 'synthetic', 'file']).describe('How the snapshot was produced.'),
  baseline: z
    .object({
      start: z.iso.date().describe('First day of the baseline period = index 0 of every daily series (UTC).'),
      days: z.number().int().positive().describe('Baseline days before window.start (default 30).'),
      recentDays: z
        .number()
        .int()
        .positive()
        .describe('Last days of the window compared with the baseline (default 7).'),
    })
    .optional()
    .describe('The period the daily series cover before the window; absent when the snapshot has no series.'),
  workspaces: z.array(Workspace).min(1),
  prices: z.array(Price),
  resources: z.array(Resource),
  missing: z
    .array(
      z.object({
        table: z.string().describe('System table that could not be read, e.g. system.billing.usage.'),
        reason: z.string().describe('Why, in one line (warehouse stopped, schema not enabled or not granted).'),
      }),
    )
    .optional()
    .describe(
      'Degraded collection: the system tables that were not read. Facts computed from them are 0/null, and rules reading those facts are not evaluated (src/snapshot/fact-sources.ts). Absent or empty: complete.',
    ),
});
export type Snapshot = z.infer<typeof Snapshot>;

/**
 * Everything of a snapshot but its resources (version, window, baseline, workspaces, prices, missing): the first
 * line of a JSON Lines snapshot (snapshot-lines.ts), and what evaluation needs besides the resource at hand.
 * Derived from Snapshot, so the two never drift.
 */
export const SnapshotHeader = Snapshot.omit({ resources: true });
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;
/** One system table a degraded collection could not read. */
export type MissingSource = NonNullable<Snapshot['missing']>[number];

/** A reference to one resource: `{workspaceId, kind, id}`. */
export interface ResourceRef {
  workspaceId: string;
  kind: ResourceKind;
  id: string;
}
