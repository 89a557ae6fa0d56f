import type { DatabricksSection } from '../../config/databricks-section.ts';
import { ConfigError } from '../../errors.ts';
import type { Workspace } from '../../snapshot/schema.ts';

/** One region's collection: the SQL warehouse that reads its regional system tables and its workspaces. */
export interface RegionPlan {
  region: string;
  host: string;
  warehouseId: string;
  workspaces: Workspace[];
}

/** Cloud guessed from a workspace URL (azuredatabricks.net → AZURE, gcp.databricks.com → GCP, else AWS). */
export function cloudOfHost(host: string): Workspace['cloud'] {
  const name = new URL(host).hostname;
  if (name.endsWith('.azuredatabricks.net')) return 'AZURE';
  if (name.endsWith('.gcp.databricks.com')) return 'GCP';
  return 'AWS';
}

/**
 * Decides which warehouse collects which workspaces (pure). With `databricks.workspaces` listed, every
 * workspace's region must have a warehouse in `databricks.warehouses` (or DATABRICKS_WAREHOUSE_ID on
 * DATABRICKS_HOST is used for all regions when none is listed). Without a list, the one workspace at
 * DATABRICKS_HOST is collected and `databricks.workspaceId` names it.
 * @throws ConfigError naming the missing setting.
 */
export function planCollection(
  section: DatabricksSection,
  env: { host: string | undefined; warehouseId: string | undefined },
): RegionPlan[] {
  const workspaces = section.workspaces.length > 0 ? section.workspaces : [defaultWorkspace(section, env.host)];
  const byRegion = new Map<string, Workspace[]>();
  for (const workspace of workspaces)
    byRegion.set(workspace.region, [...(byRegion.get(workspace.region) ?? []), workspace]);
  return [...byRegion.entries()].map(([region, members]) => {
    const configured = section.warehouses.find((w) => w.region === region);
    if (configured !== undefined)
      return { region, host: configured.host, warehouseId: configured.warehouseId, workspaces: members };
    if (section.warehouses.length > 0) {
      throw new ConfigError(
        `databricks.warehouses: no SQL warehouse for region "${region}" (workspaces ${members.map((w) => w.id).join(', ')})`,
      );
    }
    if (env.host === undefined)
      throw new ConfigError('DATABRICKS_HOST is not set: lakewarden needs a workspace URL to collect from');
    if (env.warehouseId === undefined) throw missingWarehouseError();
    return { region, host: env.host, warehouseId: env.warehouseId, workspaces: members };
  });
}

/** The ConfigError for a collection without any SQL warehouse configured. */
export function missingWarehouseError(): ConfigError {
  return new ConfigError(
    'DATABRICKS_WAREHOUSE_ID is not set (nor warehouse_id in the profile, nor databricks.warehouses): system tables are read through a SQL warehouse',
  );
}

function defaultWorkspace(section: DatabricksSection, host: string | undefined): Workspace {
  if (host === undefined)
    throw new ConfigError('DATABRICKS_HOST is not set: lakewarden needs a workspace URL to collect from');
  if (section.workspaceId === undefined) {
    throw new ConfigError(
      'databricks.workspaceId is not set: name the workspace id of DATABRICKS_HOST (the number in its URL or `?o=` parameter), or list databricks.workspaces',
    );
  }
  return {
    id: section.workspaceId,
    name: new URL(host).hostname.split('.')[0] ?? section.workspaceId,
    host,
    cloud: section.cloud ?? cloudOfHost(host),
    region: section.region ?? 'default',
  };
}
