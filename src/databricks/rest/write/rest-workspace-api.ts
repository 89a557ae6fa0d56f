import type { ApiObject, WorkspaceApi } from '../../../remediation/workspace-api.ts';
import { DatabricksNotFoundError } from '../../errors.ts';
import type { DatabricksHttpClient, RestCall } from '../http-client.ts';
import { getPermissions, getUserGroupNames } from './permissions.ts';

function isObject(value: unknown): value is ApiObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function getOrNull(call: RestCall, path: string, query?: Record<string, string>): Promise<ApiObject | null> {
  try {
    const body = await call({ method: 'GET', path, ...(query === undefined ? {} : { query }) });
    return isObject(body) ? body : null;
  } catch (error) {
    if (error instanceof DatabricksNotFoundError) return null;
    throw error;
  }
}

/**
 * `GET /api/2.2/jobs/get`, following `next_page_token` while `has_more` (jobs with more than 100 tasks
 * page their `tasks` and `job_clusters`), so `settings.tasks` is complete before a task is re-sent whole.
 */
async function getJobAllPages(call: RestCall, id: string): Promise<ApiObject | null> {
  const first = await getOrNull(call, '/api/2.2/jobs/get', { job_id: id });
  if (first === null) return null;
  const settings: ApiObject = isObject(first.settings) ? { ...first.settings } : {};
  let page: ApiObject = first;
  for (let guard = 0; page.has_more === true && typeof page.next_page_token === 'string' && guard < 100; guard++) {
    const next = await getOrNull(call, '/api/2.2/jobs/get', { job_id: id, page_token: page.next_page_token });
    if (next === null || !isObject(next.settings)) break;
    for (const key of ['tasks', 'job_clusters'] as const) {
      const more = next.settings[key];
      if (Array.isArray(more)) settings[key] = [...(Array.isArray(settings[key]) ? settings[key] : []), ...more];
    }
    page = next;
  }
  const { has_more: _more, next_page_token: _token, ...job } = first;
  return { ...job, settings };
}

/**
 * The WorkspaceApi port over Databricks REST (https://docs.databricks.com/api/workspace/introduction). Reads and writes go through the one
 * REST transport (http-client.ts): reads retry 429/503/network within a budget and answer null here for a
 * missing resource (404, or 400 "does not exist" on clusters/get and jobs/get); writes are never retried
 * unless they certainly did not land.
 * - warehouses: `POST /api/2.0/sql/warehouses/{id}/edit` with only the given fields (0 is sent as 0);
 * - clusters: `POST /api/2.1/clusters/update {cluster_id, update_mask, cluster}`; `POST /api/2.1/clusters/delete`;
 * - jobs: `POST /api/2.2/jobs/update {job_id, new_settings}` (tasks merged by task_key: callers send whole
 *   task objects). `jobs/reset` is never called;
 * - approver checks (reads): the Permissions API and SCIM Users (permissions.ts).
 */
export function createRestWorkspaceApi({ call, write }: DatabricksHttpClient): WorkspaceApi {
  return {
    getWarehouse: (id) => getOrNull(call, `/api/2.0/sql/warehouses/${encodeURIComponent(id)}`),
    editWarehouse: (id, fields) => write(`/api/2.0/sql/warehouses/${encodeURIComponent(id)}/edit`, fields),
    getCluster: (id) => getOrNull(call, '/api/2.1/clusters/get', { cluster_id: id }),
    updateCluster: (id, request) =>
      write('/api/2.1/clusters/update', { cluster_id: id, update_mask: request.update_mask, cluster: request.cluster }),
    terminateCluster: (id) => write('/api/2.1/clusters/delete', { cluster_id: id }),
    getJob: (id) => getJobAllPages(call, id),
    updateJob: (id, newSettings) => write('/api/2.2/jobs/update', { job_id: toJobId(id), new_settings: newSettings }),
    getPermissions: (objectType, id) => getPermissions(call, objectType, id),
    getUserGroupNames: (userName) => getUserGroupNames(call, userName),
  };
}

/** Job ids are int64 in REST (https://docs.databricks.com/api/workspace/jobs/get): sent as a number when it is a safe integer. */
function toJobId(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}
