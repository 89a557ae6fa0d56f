import { ExternalServiceError, LakewardenError } from '../errors.ts';
import type { Resource } from '../snapshot/schema.ts';

/** A Databricks REST object as returned by a `get` (only the fields the executors read are typed). */
export type ApiObject = Record<string, unknown>;

/**
 * The Databricks write/read-back port of the executors (implemented by the REST adapter in
 * src/databricks/; faked in tests). Every `get*` resolves `null` when the resource does not exist
 * (404 / RESOURCE_DOES_NOT_EXIST) and rejects on other failures. Writes resolve when Databricks
 * answered 2xx; they reject with {@link WriteRejectedError} when the write certainly did not land
 * (4xx validation, 429 before processing) and with anything else when the outcome is unknown
 * (timeout, connection reset, 5xx) — the executor then reads back and never writes blindly again.
 */
export interface WorkspaceApi {
  /** GET /api/2.0/sql/warehouses/{id} */
  getWarehouse(id: string): Promise<ApiObject | null>;
  /** POST /api/2.0/sql/warehouses/{id}/edit — partial: only the given fields (explicit 0 included). */
  editWarehouse(id: string, fields: ApiObject): Promise<void>;
  /** GET /api/2.1/clusters/get?cluster_id= */
  getCluster(id: string): Promise<ApiObject | null>;
  /** POST /api/2.1/clusters/update {cluster_id, update_mask, cluster} — never clusters/edit (it needs spark_conf). */
  updateCluster(id: string, request: { update_mask: string; cluster: ApiObject }): Promise<void>;
  /** POST /api/2.1/clusters/delete {cluster_id} — terminates (keeps the configuration). */
  terminateCluster(id: string): Promise<void>;
  /** GET /api/2.2/jobs/get?job_id= → `{job_id, settings}`. */
  getJob(id: string): Promise<ApiObject | null>;
  /** POST /api/2.2/jobs/update {job_id, new_settings} — top-level fields replaced, tasks merged by task_key. Never jobs/reset. */
  updateJob(id: string, newSettings: ApiObject): Promise<void>;
  /**
   * GET /api/2.0/permissions/{request_object_type}/{request_object_id} — the object's access control list
   * (https://docs.databricks.com/api/access-management/v1/get-object-permissions); null when the object does not exist.
   */
  getPermissions(objectType: PermissionObjectType, id: string): Promise<AclEntry[] | null>;
  /**
   * GET /api/2.0/preview/scim/v2/Users?filter=userName eq "<userName>" — the display names of the groups the
   * workspace user belongs to (https://docs.databricks.com/api/workspace/users/list); null when no user has
   * that user name.
   */
  getUserGroupNames(userName: string): Promise<string[] | null>;
}

/** `request_object_type` of the Permissions API for the resources lakewarden changes. */
export type PermissionObjectType = 'clusters' | 'jobs' | 'warehouses';

/** One principal of an object's access control list and every permission level it holds there. */
export interface AclEntry {
  principal: { kind: 'user' | 'group' | 'service_principal'; name: string };
  /** e.g. CAN_MANAGE, IS_OWNER, CAN_RESTART (direct and inherited from a parent object). */
  levels: string[];
}

/**
 * Every Databricks REST operation of {@link WorkspaceApi}, by method name (the names strategies declare in
 * their `operations`), with the HTTP method and path as the public API reference names them.
 */
export const WORKSPACE_OPERATIONS = {
  getWarehouse: 'GET /api/2.0/sql/warehouses/{id}',
  editWarehouse: 'POST /api/2.0/sql/warehouses/{id}/edit',
  getCluster: 'GET /api/2.1/clusters/get',
  updateCluster: 'POST /api/2.1/clusters/update',
  terminateCluster: 'POST /api/2.1/clusters/delete',
  getJob: 'GET /api/2.2/jobs/get',
  updateJob: 'POST /api/2.2/jobs/update',
  getPermissions: 'GET /api/2.0/permissions/{object type}/{id}',
  getUserGroupNames: 'GET /api/2.0/preview/scim/v2/Users',
} as const satisfies Record<keyof WorkspaceApi, string>;

/** A method name of {@link WorkspaceApi}. */
export type WorkspaceOperation = keyof typeof WORKSPACE_OPERATIONS;

/** The write was refused by Databricks before it took effect (safe to record as failed without read-back). */
export class WriteRejectedError extends LakewardenError {}

/**
 * A write whose outcome is unknown (timeout, reset, 5xx): the executor reads the target back before any new
 * write. `retryAfterMs` is the server's `Retry-After` (0 when none), the least wait before that new write.
 */
export class WriteOutcomeUnknownError extends ExternalServiceError {
  readonly retryAfterMs: number;
  constructor(message: string, options: { cause?: unknown; status?: number; retryAfterMs?: number } = {}) {
    super('databricks', message, options);
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}

/** The `Retry-After` an unknown-outcome write error carries, in ms (0 when none). */
export function retryAfterOf(error: unknown): number {
  return error instanceof WriteOutcomeUnknownError ? error.retryAfterMs : 0;
}

/** True when a write error proves the write did not land; false = outcome unknown → read back. */
export function isWriteRejected(error: unknown): boolean {
  if (error instanceof WriteRejectedError) return true;
  if (error instanceof ExternalServiceError && error.status !== undefined) {
    return error.status === 429 || (error.status >= 400 && error.status < 500 && error.status !== 408);
  }
  return false;
}

/**
 * A resource with its `config` and `tags` replaced by a fresh read from the workspace (facts unchanged), or
 * null when the resource no longer exists. Implemented over {@link WorkspaceApi} in src/databricks/collect/.
 * @throws the WorkspaceApi's error when Databricks cannot be read.
 */
export type ResourceRefresher = (basis: Resource) => Promise<Resource | null>;
