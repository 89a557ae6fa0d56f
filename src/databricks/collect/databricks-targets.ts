import { databricksAuthSources, resolveDatabricksAuth } from '../../config/databricks-auth.ts';
import type { DatabricksCredentials } from '../../config/databricks-credentials.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import { missingWarehouseError, planCollection, type RegionPlan } from './plan-collection.ts';

/** Where live collection reads and with which credentials: one plan per region, credentials per host. */
export interface DatabricksTargets {
  regions: RegionPlan[];
  /** Credentials of a workspace or warehouse host (its own profile when lakewarden.yaml names one). */
  credentialsFor(host: string): DatabricksCredentials;
}

/**
 * Resolves the collection plan and the credentials of every host (unified auth: src/config/databricks-auth.ts).
 * Without `databricks.workspaces` and `databricks.workspaceId`, the workspace id is read from the API
 * (X-Databricks-Org-Id) through `readWorkspaceId`, which the composition root (`src/main.ts`) gives.
 * @throws ConfigError for missing or contradictory settings; AuthenticationError / ExternalServiceError when
 *   reading the workspace id fails.
 */
export async function resolveDatabricksTargets(
  loaded: LoadedConfig,
  readWorkspaceId: (credentials: DatabricksCredentials) => Promise<string>,
): Promise<DatabricksTargets> {
  const section = loaded.config.databricks;
  const sources = databricksAuthSources(loaded);
  const profileOf = new Map<string, string | undefined>();
  for (const w of section.workspaces) profileOf.set(new URL(w.host).origin, w.profile);
  for (const w of section.warehouses) profileOf.set(new URL(w.host).origin, w.profile);
  const cache = new Map<string, DatabricksCredentials>();
  const credentialsFor = (host: string): DatabricksCredentials => {
    const origin = new URL(host).origin;
    let credentials = cache.get(origin);
    if (credentials === undefined) {
      credentials = resolveDatabricksAuth(sources, { host: origin, profile: profileOf.get(origin) }).credentials;
      cache.set(origin, credentials);
    }
    return credentials;
  };
  const needsDefault = section.workspaces.length === 0 || section.warehouses.length === 0;
  const fallback = needsDefault ? resolveDatabricksAuth(sources) : undefined;
  if (fallback !== undefined) cache.set(fallback.credentials.host, fallback.credentials);
  if (section.warehouses.length === 0 && fallback?.warehouseId === undefined) throw missingWarehouseError();
  let workspaceId = section.workspaceId;
  if (section.workspaces.length === 0 && workspaceId === undefined && fallback !== undefined) {
    workspaceId = await readWorkspaceId(fallback.credentials);
  }
  const regions = planCollection(
    { ...section, ...(workspaceId === undefined ? {} : { workspaceId }) },
    { host: fallback?.credentials.host, warehouseId: fallback?.warehouseId },
  );
  return { regions, credentialsFor };
}
