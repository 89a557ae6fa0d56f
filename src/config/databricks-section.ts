import { z } from 'zod';

const Workspace = z.object({
  id: z
    .string()
    .regex(/^\d+$/, 'the numeric workspace id, as in system tables')
    .describe('Workspace id (numeric string).'),
  name: z.string().min(1).describe('Display name.'),
  host: z.url().describe('Workspace URL, e.g. https://dbc-a1b2c3d4-e5f6.cloud.databricks.com'),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']).describe('Cloud of the workspace.'),
  region: z.string().min(1).describe('Cloud region; compute, lakeflow and query system tables are regional.'),
  profile: z
    .string()
    .min(1)
    .optional()
    .describe('Profile of ~/.databrickscfg with the credentials for this workspace (default: the shared credentials).'),
});

const RegionWarehouse = z.object({
  region: z.string().min(1).describe('Region served by this warehouse.'),
  host: z.url().describe('Host of a workspace in that region that owns the warehouse.'),
  warehouseId: z.string().min(1).describe('SQL warehouse id used for system-table queries in that region.'),
  profile: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Profile of ~/.databrickscfg with the credentials for this warehouse host (default: the shared credentials).',
    ),
});

/**
 * `databricks:` — which workspaces live collection reads, and one SQL warehouse per region (compute,
 * lakeflow and query system tables only hold the data of their own region; billing is global;
 * https://docs.databricks.com/aws/en/admin/system-tables/). Credentials come from the environment.
 */
export const DatabricksSection = z
  .object({
    workspaces: z
      .array(Workspace)
      .default([])
      .describe('Workspaces to collect. Empty: the one at DATABRICKS_HOST, with workspaceId/cloud/region below.'),
    warehouses: z
      .array(RegionWarehouse)
      .default([])
      .describe('One SQL warehouse per region. Empty: DATABRICKS_WAREHOUSE_ID on DATABRICKS_HOST for every region.'),
    workspaceId: z
      .string()
      .regex(/^\d+$/)
      .optional()
      .describe(
        'Workspace id of DATABRICKS_HOST when `workspaces` is empty (default: read from the X-Databricks-Org-Id header of the API).',
      ),
    profile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Profile of ~/.databrickscfg (or DATABRICKS_CONFIG_FILE) to use; --profile and DATABRICKS_CONFIG_PROFILE win.',
      ),
    cloud: z
      .enum(['AWS', 'AZURE', 'GCP'])
      .optional()
      .describe('Cloud of DATABRICKS_HOST when `workspaces` is empty (default from the host name).'),
    region: z.string().optional().describe('Region of DATABRICKS_HOST when `workspaces` is empty.'),
    windowDays: z.number().int().min(1).max(90).default(30).describe('Days of history a live snapshot covers.'),
    warehouseStartTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(10)
      .describe('How long to wait for a starting SQL warehouse to reach RUNNING before failing.'),
    startWarehouse: z
      .boolean()
      .default(false)
      .describe(
        'Let `snapshot collect` / `scan` start a stopped SQL warehouse (it then bills until it auto-stops; never while the kill switch is on). Off: a stopped warehouse is never started and the collection degrades to the REST inventory (Snapshot.missing; `--require-full` fails instead).',
      ),
    betaPipelineEvents: z
      .boolean()
      .default(false)
      .describe(
        'Also read the Beta system table system.lakeflow_pipeline_events_preview.pipeline_events (https://docs.databricks.com/aws/en/admin/system-tables/pipeline-events; flow_progress event counts and num_output_rows only, no data) to give pipelines `activeHours` and `outputRows`, which `pipeline-continuous-little-work` needs. Off: those facts are absent and the rule never fires on live snapshots. On but the table is not readable: collection goes on without them and warns; the snapshot is not degraded.',
      ),
    sqlUsdPerDbu: z
      .number()
      .positive()
      .optional()
      .describe(
        "Your price of one SQL warehouse DBU in USD, used by `doctor` to say what starting the warehouse costs per hour (default: Databricks' public list price for the warehouse type).",
      ),
  })
  .prefault({});
export type DatabricksSection = z.infer<typeof DatabricksSection>;
