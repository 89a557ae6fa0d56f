import type { AclEntry, ApiObject, PermissionObjectType, WorkspaceApi } from '../../src/remediation/workspace-api.ts';

/** A fault to inject on the next write: lose the response after applying, fail before applying, or apply something else. */
export type WriteFault =
  | { type: 'apply_then_timeout' }
  | { type: 'timeout_without_apply' }
  | { type: 'reject'; error: Error }
  | { type: 'apply_other'; mutate: (resource: ApiObject) => void };

/** A recorded write call (operation + request body). */
export interface WriteCall {
  op: 'warehouses/edit' | 'clusters/update' | 'clusters/delete' | 'jobs/update';
  id: string;
  body: ApiObject;
}

/**
 * A stateful fake of the Databricks REST surface the executors use, with Databricks' semantics:
 * warehouse edit is partial; clusters/update applies only the masked fields; clusters/delete terminates;
 * jobs/update replaces top-level fields and merges `tasks` by task_key (a matched task replaced whole).
 * Reads return deep copies. `faults` are consumed one per write.
 */
export class FakeWorkspaceApi implements WorkspaceApi {
  readonly warehouses = new Map<string, ApiObject>();
  readonly clusters = new Map<string, ApiObject>();
  readonly jobs = new Map<string, ApiObject>();
  readonly writes: WriteCall[] = [];
  readonly faults: WriteFault[] = [];
  /** Called after each successful read (e.g. to flip the kill switch or change the resource mid-action). */
  onRead: ((kind: string, id: string) => void) | undefined;
  /** ACLs by `<objectType>/<id>`; a missing entry reads as an object nobody was granted anything on. */
  readonly permissions = new Map<string, AclEntry[]>();
  /** Workspace users (userName) → their group display names. */
  readonly users = new Map<string, string[]>();

  async getPermissions(objectType: PermissionObjectType, id: string): Promise<AclEntry[] | null> {
    await Promise.resolve();
    return structuredClone(this.permissions.get(`${objectType}/${id}`) ?? []);
  }
  async getUserGroupNames(userName: string): Promise<string[] | null> {
    await Promise.resolve();
    const groups = this.users.get(userName);
    return groups === undefined ? null : [...groups];
  }

  async getWarehouse(id: string): Promise<ApiObject | null> {
    return this.read('warehouse', this.warehouses, id);
  }
  async editWarehouse(id: string, fields: ApiObject): Promise<void> {
    await this.write({ op: 'warehouses/edit', id, body: fields }, this.warehouses, (w) =>
      Object.assign(w, structuredClone(fields)),
    );
  }
  async getCluster(id: string): Promise<ApiObject | null> {
    return this.read('cluster', this.clusters, id);
  }
  async updateCluster(id: string, request: { update_mask: string; cluster: ApiObject }): Promise<void> {
    await this.write({ op: 'clusters/update', id, body: request }, this.clusters, (c) => {
      for (const field of request.update_mask.split(','))
        c[field.trim()] = structuredClone(request.cluster[field.trim()]);
    });
  }
  async terminateCluster(id: string): Promise<void> {
    await this.write({ op: 'clusters/delete', id, body: { cluster_id: id } }, this.clusters, (c) => {
      c.state = 'TERMINATED';
    });
  }
  async getJob(id: string): Promise<ApiObject | null> {
    return this.read('job', this.jobs, id);
  }
  async updateJob(id: string, newSettings: ApiObject): Promise<void> {
    await this.write({ op: 'jobs/update', id, body: newSettings }, this.jobs, (job) => {
      const settings = job.settings as ApiObject;
      for (const [key, value] of Object.entries(newSettings)) {
        if (key !== 'tasks') {
          settings[key] = structuredClone(value);
          continue;
        }
        const tasks = settings.tasks as Array<ApiObject & { task_key: string }>;
        for (const task of value as Array<ApiObject & { task_key: string }>) {
          const index = tasks.findIndex((t) => t.task_key === task.task_key);
          if (index >= 0) tasks[index] = structuredClone(task);
          else tasks.push(structuredClone(task));
        }
      }
    });
  }

  private async read(kind: string, map: Map<string, ApiObject>, id: string): Promise<ApiObject | null> {
    await Promise.resolve();
    const found = map.get(id);
    const copy = found === undefined ? null : structuredClone(found);
    this.onRead?.(kind, id);
    return copy;
  }

  private async write(
    call: WriteCall,
    map: Map<string, ApiObject>,
    apply: (resource: ApiObject) => void,
  ): Promise<void> {
    await Promise.resolve();
    this.writes.push(structuredClone(call));
    const resource = map.get(call.id);
    if (resource === undefined) throw new Error(`RESOURCE_DOES_NOT_EXIST: ${call.id}`);
    const fault = this.faults.shift();
    if (fault === undefined) {
      apply(resource);
      return;
    }
    switch (fault.type) {
      case 'apply_then_timeout':
        apply(resource);
        throw new Error('The operation was aborted due to timeout');
      case 'timeout_without_apply':
        throw new Error('The operation was aborted due to timeout');
      case 'reject':
        throw fault.error;
      case 'apply_other':
        fault.mutate(resource);
        return;
      default: {
        const unreachable: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
