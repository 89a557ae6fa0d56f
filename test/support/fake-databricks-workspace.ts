import { delay, HttpResponse, http, type RequestHandler } from 'msw';

/** A Databricks REST object as the fake stores it. */
export type FakeObject = Record<string, unknown>;

/** One request the fake saw. `applied` is true when a write changed state (whatever the client then saw). */
export interface FakeDatabricksCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number | 'network-error' | 'hang';
  userAgent: string | null;
  authorization: string | null;
  applied: boolean;
}

/**
 * A fault for the next `times` requests matching method + path:
 * - `status`: answer that status before processing (e.g. 429 + Retry-After, 503), nothing applied;
 * - `apply-then-error`: apply the write, then answer `status` (e.g. 504 DEADLINE_EXCEEDED);
 * - `apply-then-reset`: apply the write, then drop the connection (network error: lost response);
 * - `apply-then-hang`: apply the write, then never answer (the client times out).
 */
export type FakeFault =
  | { type: 'status'; status: number; headers?: Record<string, string>; body?: FakeObject }
  | { type: 'apply-then-error'; status: number }
  | { type: 'apply-then-reset' }
  | { type: 'apply-then-hang' };

export interface FakeDatabricksWorkspace {
  host: string;
  token: string;
  handlers: RequestHandler[];
  warehouses: Map<string, FakeObject>;
  clusters: Map<string, FakeObject>;
  jobs: Map<string, FakeObject>;
  /** Pipelines by id, as GET /api/2.0/pipelines/{pipeline_id} returns them (`spec` included). */
  pipelines: Map<string, FakeObject>;
  /** Updates per pipeline id, in any order (served newest `creation_time` first). */
  pipelineUpdates: Map<string, FakeObject[]>;
  /**
   * Access control lists by `<request_object_type>/<id>` (clusters, jobs, warehouses), as `PUT
   * /api/2.0/permissions/...` would have set them; an object without an entry answers an empty list.
   */
  permissions: Map<string, FakeAclEntry[]>;
  /** Workspace users by userName (email) with the display names of their groups (SCIM `groups[].display`). */
  users: Map<string, { id: string; groups: string[] }>;
  calls(): FakeDatabricksCall[];
  /** POSTs that changed state (each one a real Databricks write). */
  appliedWrites(): FakeDatabricksCall[];
  inject(method: 'GET' | 'POST', path: RegExp, fault: FakeFault, times?: number): void;
  /** Called before every write is applied (e.g. flip the kill switch, or change the resource). */
  beforeApply: ((path: string) => void) | undefined;
}

/** One `access_control_list` entry of the Permissions API. */
export interface FakeAclEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  all_permissions: Array<{ permission_level: string; inherited?: boolean }>;
}

function error(status: number, errorCode: string, message: string): Response {
  return HttpResponse.json({ error_code: errorCode, message }, { status });
}

function record(value: unknown): FakeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as FakeObject) : {};
}

/**
 * A stateful fake of the Databricks REST writes lakewarden uses, for msw, with Databricks' semantics
 * (databricks.md §4.2–4.5, §4.7): bearer token checked (401 otherwise); warehouse edit partial (fields
 * sent replace, others kept; `auto_stop_mins` must be 0 or ≥ 10); clusters/get answers 400
 * INVALID_PARAMETER_VALUE "does not exist" for a missing cluster; clusters/update needs `update_mask`,
 * applies only the masked fields and restarts a RUNNING cluster (`restarts` counter), refuses job clusters;
 * clusters/delete terminates; jobs/update replaces top-level fields and merges `tasks` by `task_key`
 * (a matched task replaced whole), `fields_to_remove` honoured; jobs/reset is recorded and answered 400 so
 * a test notices it. Every edit is visible to a later get. Faults inject 429/503/504 and lost responses.
 */
export function createFakeDatabricksWorkspace(
  options: { host?: string; token?: string } = {},
): FakeDatabricksWorkspace {
  const host = options.host ?? 'https://dbc-fake-ws.cloud.databricks.com';
  const token = options.token ?? 'dapi-fake-workspace-token-0123456789';
  const warehouses = new Map<string, FakeObject>();
  const clusters = new Map<string, FakeObject>();
  const jobs = new Map<string, FakeObject>();
  const pipelines = new Map<string, FakeObject>();
  const pipelineUpdates = new Map<string, FakeObject[]>();
  const permissions = new Map<string, FakeAclEntry[]>();
  const users = new Map<string, { id: string; groups: string[] }>();
  const calls: FakeDatabricksCall[] = [];
  const faults: Array<{ method: string; path: RegExp; fault: FakeFault; remaining: number }> = [];
  const fake: FakeDatabricksWorkspace = {
    host,
    token,
    handlers: [],
    warehouses,
    clusters,
    jobs,
    pipelines,
    pipelineUpdates,
    permissions,
    users,
    calls: () => [...calls],
    appliedWrites: () => calls.filter((c) => c.applied),
    inject(method, path, fault, times = 1) {
      faults.push({ method, path, fault, remaining: times });
    },
    beforeApply: undefined,
  };

  /** Applies a write; returns an error response when Databricks would refuse it. */
  function applyWrite(path: string, body: FakeObject): Response | undefined {
    const edit = /^\/api\/2\.0\/sql\/warehouses\/([^/]+)\/edit$/.exec(path);
    if (edit !== null) {
      const warehouse = warehouses.get(decodeURIComponent(edit[1] ?? ''));
      if (warehouse === undefined) return error(404, 'RESOURCE_DOES_NOT_EXIST', 'Warehouse does not exist');
      const stop = body.auto_stop_mins;
      if (stop !== undefined && (typeof stop !== 'number' || (stop !== 0 && stop < 10))) {
        return error(400, 'INVALID_PARAMETER_VALUE', 'auto_stop_mins must be 0 or at least 10');
      }
      Object.assign(warehouse, structuredClone(body));
      return undefined;
    }
    if (path === '/api/2.1/clusters/update' || path === '/api/2.1/clusters/delete') {
      const cluster = clusters.get(String(body.cluster_id ?? ''));
      if (cluster === undefined) {
        return error(400, 'INVALID_PARAMETER_VALUE', `Cluster ${String(body.cluster_id)} does not exist`);
      }
      if (path.endsWith('/delete')) {
        cluster.state = 'TERMINATED';
        return undefined;
      }
      if (cluster.cluster_source === 'JOB')
        return error(400, 'INVALID_PARAMETER_VALUE', 'Job clusters cannot be edited');
      if (typeof body.update_mask !== 'string' || body.update_mask === '') {
        return error(400, 'INVALID_PARAMETER_VALUE', 'update_mask is required');
      }
      const patch = record(body.cluster);
      for (const field of body.update_mask.split(',').map((f) => f.trim())) {
        if (field in patch) cluster[field] = structuredClone(patch[field]);
        else delete cluster[field];
      }
      if (cluster.state === 'RUNNING') cluster.restarts = Number(cluster.restarts ?? 0) + 1;
      return undefined;
    }
    if (path === '/api/2.2/jobs/update') {
      const job = jobs.get(String(body.job_id ?? ''));
      if (job === undefined) return error(400, 'INVALID_PARAMETER_VALUE', `Job ${String(body.job_id)} does not exist`);
      const settings = record(job.settings);
      for (const [key, value] of Object.entries(record(body.new_settings))) {
        if (key === 'tasks' && Array.isArray(value)) {
          const tasks = Array.isArray(settings.tasks) ? [...(settings.tasks as FakeObject[])] : [];
          for (const task of value as FakeObject[]) {
            const at = tasks.findIndex((t) => t.task_key === task.task_key);
            if (at >= 0) tasks[at] = structuredClone(task);
            else tasks.push(structuredClone(task));
          }
          settings.tasks = tasks;
        } else {
          settings[key] = structuredClone(value);
        }
      }
      for (const field of Array.isArray(body.fields_to_remove) ? (body.fields_to_remove as string[]) : []) {
        delete settings[field];
      }
      job.settings = settings;
      return undefined;
    }
    return error(400, 'BAD_REQUEST', `fake Databricks does not implement POST ${path}`);
  }

  function read(path: string, query: URLSearchParams): Response {
    const warehouse = /^\/api\/2\.0\/sql\/warehouses\/([^/]+)$/.exec(path);
    if (warehouse !== null) {
      const found = warehouses.get(decodeURIComponent(warehouse[1] ?? ''));
      return found === undefined
        ? error(404, 'RESOURCE_DOES_NOT_EXIST', 'Warehouse does not exist')
        : HttpResponse.json(structuredClone(found));
    }
    if (path === '/api/2.1/clusters/get') {
      const id = query.get('cluster_id') ?? '';
      const found = clusters.get(id);
      return found === undefined
        ? error(400, 'INVALID_PARAMETER_VALUE', `Cluster ${id} does not exist`)
        : HttpResponse.json(structuredClone(found));
    }
    if (path === '/api/2.2/jobs/get') {
      const id = query.get('job_id') ?? '';
      const found = jobs.get(id);
      return found === undefined
        ? error(400, 'INVALID_PARAMETER_VALUE', `Job ${id} does not exist`)
        : HttpResponse.json(structuredClone(found));
    }
    const pipelineRead = readPipeline(path, query);
    if (pipelineRead !== undefined) return pipelineRead;
    const acl = /^\/api\/2\.0\/permissions\/(clusters|jobs|warehouses)\/([^/]+)$/.exec(path);
    if (acl !== null) return readPermissions(acl[1] ?? '', decodeURIComponent(acl[2] ?? ''));
    if (path === '/api/2.0/preview/scim/v2/Users') return listUsers(query.get('filter') ?? '');
    const list = listPage(path, query);
    if (list !== undefined) return list;
    return error(404, 'ENDPOINT_NOT_FOUND', `fake Databricks does not implement GET ${path}`);
  }

  /**
   * Pipelines, paged by `max_results` with an opaque `page_token` (here the offset as a string):
   * GET /api/2.0/pipelines answers `statuses[]` of `{pipeline_id, name, state, creator_user_name}`
   * (https://docs.databricks.com/api/workspace/pipelines/listpipelines, `max_results` at most 100);
   * GET /api/2.0/pipelines/{id} answers the stored pipeline with its `spec`, a missing one 404
   * RESOURCE_DOES_NOT_EXIST (https://docs.databricks.com/api/workspace/pipelines/get);
   * GET /api/2.0/pipelines/{id}/updates answers `updates[]` newest first with `next_page_token` while more remain
   * (https://docs.databricks.com/api/workspace/pipelines/listupdates).
   */
  function readPipeline(path: string, query: URLSearchParams): Response | undefined {
    if (!path.startsWith('/api/2.0/pipelines')) return undefined;
    const max = Number(query.get('max_results') ?? 25);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      return error(400, 'INVALID_PARAMETER_VALUE', 'max_results must be between 1 and 100');
    const offset = Number(query.get('page_token') ?? 0);
    const page = (items: FakeObject[], key: string) => ({
      [key]: items.slice(offset, offset + max).map((i) => structuredClone(i)),
      ...(offset + max < items.length ? { next_page_token: String(offset + max) } : {}),
    });
    if (path === '/api/2.0/pipelines') {
      const statuses = [...pipelines.values()].map((p) => ({
        pipeline_id: p.pipeline_id,
        name: p.name,
        state: p.state,
        creator_user_name: p.creator_user_name,
      }));
      return HttpResponse.json(page(statuses, 'statuses'));
    }
    const match = /^\/api\/2\.0\/pipelines\/([^/]+)(\/updates)?$/.exec(path);
    if (match === null) return undefined;
    const id = decodeURIComponent(match[1] ?? '');
    const found = pipelines.get(id);
    if (found === undefined) return error(404, 'RESOURCE_DOES_NOT_EXIST', `Pipeline ${id} does not exist`);
    if (match[2] === undefined) return HttpResponse.json(structuredClone(found));
    const updates = [...(pipelineUpdates.get(id) ?? [])].sort(
      (a, b) => Number(b.creation_time ?? 0) - Number(a.creation_time ?? 0),
    );
    return HttpResponse.json(page(updates, 'updates'));
  }

  /**
   * GET /api/2.0/permissions/{request_object_type}/{request_object_id}
   * (https://docs.databricks.com/api/access-management/v1/get-object-permissions): `{object_id, object_type,
   * access_control_list}`; `object_type` is `cluster` for clusters as the docs show, the request type
   * otherwise (lakewarden does not read it); an object that does not exist answers 404 RESOURCE_DOES_NOT_EXIST.
   */
  function readPermissions(objectType: string, id: string): Response {
    const store = objectType === 'clusters' ? clusters : objectType === 'jobs' ? jobs : warehouses;
    if (!store.has(id)) return error(404, 'RESOURCE_DOES_NOT_EXIST', `${objectType} ${id} does not exist`);
    const singular = objectType === 'clusters' ? 'cluster' : objectType;
    return HttpResponse.json({
      object_id: `/${objectType}/${id}`,
      object_type: singular,
      access_control_list: structuredClone(permissions.get(`${objectType}/${id}`) ?? []),
    });
  }

  /**
   * GET /api/2.0/preview/scim/v2/Users?filter=userName eq "…" (https://docs.databricks.com/api/workspace/users/list):
   * a SCIM ListResponse whose `Resources` carry `userName` and `groups[{display, value}]`. Only the `userName eq`
   * filter lakewarden sends is understood; anything else is a 400 like an invalid SCIM filter.
   */
  function listUsers(filter: string): Response {
    const match = /^userName eq "([^"]*)"$/.exec(filter.trim());
    if (match === null) {
      return HttpResponse.json(
        { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: `Invalid filter ${filter}`, status: '400' },
        { status: 400 },
      );
    }
    const userName = (match[1] ?? '').toLowerCase();
    const found = [...users.entries()].filter(([name]) => name.toLowerCase() === userName);
    return HttpResponse.json({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: found.length,
      startIndex: 1,
      itemsPerPage: found.length,
      Resources: found.map(([name, user]) => ({
        id: user.id,
        userName: name,
        groups: user.groups.map((display, i) => ({ display, value: `${user.id}-g${i}`, type: 'direct' })),
      })),
    });
  }

  /**
   * The inventory listings, one page each (the objects fit in one page): warehouses list
   * (https://docs.databricks.com/api/workspace/warehouses/list), clusters list filtered by
   * `filter_by.cluster_sources` (https://docs.databricks.com/api/workspace/clusters/list), jobs list with tasks
   * (https://docs.databricks.com/api/workspace/jobs/list) and completed runs, none recorded here
   * (https://docs.databricks.com/api/workspace/jobs/listruns).
   */
  function listPage(path: string, query: URLSearchParams): Response | undefined {
    if (path === '/api/2.0/sql/warehouses')
      return HttpResponse.json({ warehouses: [...warehouses.values()].map((w) => structuredClone(w)) });
    if (path === '/api/2.1/clusters/list') {
      const sources = query.get('filter_by.cluster_sources')?.split(',');
      const listed = [...clusters.values()].filter(
        (c) => sources === undefined || sources.includes(String(c.cluster_source)),
      );
      return HttpResponse.json({ clusters: listed.map((c) => structuredClone(c)) });
    }
    if (path === '/api/2.2/jobs/list')
      return HttpResponse.json({ jobs: [...jobs.values()].map((j) => structuredClone(j)), has_more: false });
    if (path === '/api/2.2/jobs/runs/list') return HttpResponse.json({ runs: [], has_more: false });
    return undefined;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const text = method === 'GET' ? '' : await request.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const call: FakeDatabricksCall = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      userAgent: request.headers.get('user-agent'),
      authorization: request.headers.get('authorization'),
      applied: false,
    };
    calls.push(call);
    if (call.authorization !== `Bearer ${token}`) {
      call.status = 401;
      return error(401, 'UNAUTHENTICATED', 'Invalid access token');
    }
    const rule = faults.find((f) => f.method === method && f.path.test(url.pathname) && f.remaining > 0);
    if (rule !== undefined) rule.remaining -= 1;
    const fault = rule?.fault;
    if (fault?.type === 'status') {
      call.status = fault.status;
      return HttpResponse.json(fault.body ?? { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'try later' }, {
        status: fault.status,
        headers: fault.headers ?? {},
      });
    }
    if (method === 'GET') {
      const response = read(url.pathname, url.searchParams);
      call.status = response.status;
      return response;
    }
    if (url.pathname === '/api/2.1/clusters/events') {
      // A read (https://docs.databricks.com/api/workspace/clusters/events): no events recorded in this fake.
      call.status = 200;
      return HttpResponse.json({ events: [], total_count: 0 });
    }
    if (url.pathname === '/api/2.2/jobs/reset') {
      call.status = 400;
      return error(400, 'BAD_REQUEST', 'lakewarden must never call jobs/reset');
    }
    fake.beforeApply?.(url.pathname);
    const refused = applyWrite(url.pathname, record(body));
    if (refused !== undefined) {
      call.status = refused.status;
      return refused;
    }
    call.applied = true;
    switch (fault?.type) {
      case 'apply-then-error':
        call.status = fault.status;
        return error(fault.status, 'DEADLINE_EXCEEDED', 'The request timed out');
      case 'apply-then-reset':
        call.status = 'network-error';
        return HttpResponse.error();
      case 'apply-then-hang':
        call.status = 'hang';
        await delay('infinite');
        return HttpResponse.json({});
      case undefined:
        call.status = 200;
        return HttpResponse.json({});
      default: {
        const unreachable: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
      }
    }
  }

  fake.handlers = [http.all(`${host}/api/*`, ({ request }) => handle(request))];
  return fake;
}

/** The id of {@link idleWarehouse}. */
export const IDLE_WAREHOUSE_ID = 'wh-idle-0001';

/**
 * The warehouse the approval and service tests fix: a running Medium pro warehouse whose auto-stop is
 * off (`auto_stop_mins` 0), in REST field names as `GET /api/2.0/sql/warehouses/{id}` returns them.
 */
export function idleWarehouse(): FakeObject {
  return {
    id: IDLE_WAREHOUSE_ID,
    name: 'payments-sql',
    cluster_size: 'Medium',
    min_num_clusters: 1,
    max_num_clusters: 2,
    auto_stop_mins: 0,
    warehouse_type: 'PRO',
    enable_serverless_compute: false,
    state: 'RUNNING',
  };
}
