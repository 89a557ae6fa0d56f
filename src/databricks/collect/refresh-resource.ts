import type { ResourceRefresher, WorkspaceApi } from '../../remediation/workspace-api.ts';
import { ClusterInfo, JobInfo, WarehouseInfo } from '../rest/schemas.ts';
import { clusterConfigOf, jobConfigOf, warehouseConfigOf } from './resource-config.ts';

/**
 * The resource of the filed plan's basis with its `config` and `tags` replaced by a fresh REST read
 * (parsed with the collector's allowlisting schemas, so nothing outside them is kept), or null when the
 * resource no longer exists. Facts stay those of the finding: no SQL, no warehouse start.
 * @throws the WorkspaceApi's error when Databricks cannot be read.
 */
export function createResourceRefresher(api: WorkspaceApi): ResourceRefresher {
  return async (basis) => {
    switch (basis.kind) {
      case 'warehouse': {
        const raw = await api.getWarehouse(basis.id);
        return raw === null ? null : { ...basis, ...warehouseConfigOf(WarehouseInfo.parse(raw)) };
      }
      case 'cluster': {
        const raw = await api.getCluster(basis.id);
        return raw === null ? null : { ...basis, ...clusterConfigOf(ClusterInfo.parse(raw)) };
      }
      case 'job': {
        const raw = await api.getJob(basis.id);
        return raw === null ? null : { ...basis, ...jobConfigOf(JobInfo.parse(raw)) };
      }
      case 'pipeline':
      case 'table':
      case 'workspace':
        return basis;
      default: {
        const unreachable: never = basis;
        throw new Error(`unknown resource kind ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
