import type { z } from 'zod';
import { ExternalServiceError } from '../../errors.ts';
import type { RestCall } from './http-client.ts';
import {
  type ClusterEvent,
  ClusterEventPage,
  ClusterInfo,
  ClusterList,
  JobInfo,
  JobList,
  PipelineInfo,
  PipelineList,
  type PipelineStateInfo,
  type PipelineUpdateInfo,
  PipelineUpdateList,
  type RunInfo,
  RunList,
  WarehouseInfo,
  WarehouseList,
} from './schemas.ts';
import type { MsRange, WorkspaceReader } from './workspace-reader.ts';

/** Guard against a server that never stops paging. */
const MAX_PAGES = 10_000;

/**
 * WorkspaceReader over the REST transport. Endpoints (docs):
 * warehouses list/get https://docs.databricks.com/api/workspace/warehouses/list, …/get;
 * clusters list/get/events https://docs.databricks.com/api/workspace/clusters/list, …/get, …/events;
 * jobs list/get (2.2) https://docs.databricks.com/api/workspace/jobs/list, …/get;
 * runs list (2.2) https://docs.databricks.com/api/workspace/jobs/listruns;
 * pipelines list/get/updates https://docs.databricks.com/api/workspace/pipelines/listpipelines, …/get, …/listupdates.
 * @throws the transport's typed errors; ExternalServiceError when a body does not match its schema.
 */
export function createRestWorkspaceReader(host: string, call: RestCall): WorkspaceReader {
  async function get<S extends z.ZodType>(
    schema: S,
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<z.infer<S>> {
    return parse(schema, `GET ${path}`, await call({ method: 'GET', path, query }));
  }

  async function getJob(id: string): Promise<JobInfo> {
    const first = await get(JobInfo, '/api/2.2/jobs/get', { job_id: id });
    let page = first;
    for (let n = 0; page.has_more === true && page.next_page_token !== undefined; n++) {
      if (n >= MAX_PAGES) throw pagingError('/api/2.2/jobs/get');
      page = await get(JobInfo, '/api/2.2/jobs/get', { job_id: id, page_token: page.next_page_token });
      first.settings.tasks.push(...page.settings.tasks);
      first.settings.job_clusters.push(...page.settings.job_clusters);
    }
    return { ...first, has_more: false };
  }

  return {
    host,
    async listWarehouses() {
      const out: WarehouseInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(WarehouseList, '/api/2.0/sql/warehouses', { page_token: token });
        out.push(...page.warehouses);
        token = page.next_page_token;
        if (token === undefined || token === '') return out;
      }
      throw pagingError('/api/2.0/sql/warehouses');
    },
    getWarehouse: (id) => get(WarehouseInfo, `/api/2.0/sql/warehouses/${encodeURIComponent(id)}`),
    async listClusters(sources) {
      const out: ClusterInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(ClusterList, '/api/2.1/clusters/list', {
          page_size: 100,
          page_token: token,
          'filter_by.cluster_sources': sources?.join(','),
        });
        out.push(...page.clusters);
        token = page.next_page_token;
        if (token === undefined || token === '') return out;
      }
      throw pagingError('/api/2.1/clusters/list');
    },
    getCluster: (id) => get(ClusterInfo, '/api/2.1/clusters/get', { cluster_id: id }),
    async listClusterEvents(clusterId, range: MsRange, eventTypes) {
      const out: ClusterEvent[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const body = {
          cluster_id: clusterId,
          start_time: range.startMs,
          end_time: range.endMs,
          event_types: eventTypes,
          page_size: 500,
          ...(token === undefined ? {} : { page_token: token }),
        };
        const page = parse(
          ClusterEventPage,
          'POST /api/2.1/clusters/events',
          await call({ method: 'POST', path: '/api/2.1/clusters/events', body }),
        );
        out.push(...page.events);
        token = page.next_page_token;
        if (token === undefined || token === '') return out;
      }
      throw pagingError('/api/2.1/clusters/events');
    },
    async listJobs() {
      const out: JobInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(JobList, '/api/2.2/jobs/list', { limit: 100, expand_tasks: true, page_token: token });
        for (const job of page.jobs) out.push(job.has_more === true ? await getJob(job.job_id) : job);
        token = page.next_page_token;
        if (!page.has_more || token === undefined) return out;
      }
      throw pagingError('/api/2.2/jobs/list');
    },
    getJob,
    async listRuns(range) {
      const out: RunInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(RunList, '/api/2.2/jobs/runs/list', {
          completed_only: true,
          start_time_from: range.startMs,
          start_time_to: range.endMs,
          limit: 24,
          page_token: token,
        });
        out.push(...page.runs);
        token = page.next_page_token;
        if (!page.has_more || token === undefined) return out;
      }
      throw pagingError('/api/2.2/jobs/runs/list');
    },
    async listPipelines() {
      const out: PipelineStateInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(PipelineList, '/api/2.0/pipelines', { max_results: 100, page_token: token });
        out.push(...page.statuses);
        token = page.next_page_token;
        if (token === undefined || token === '') return out;
      }
      throw pagingError('/api/2.0/pipelines');
    },
    getPipeline: (id) => get(PipelineInfo, `/api/2.0/pipelines/${encodeURIComponent(id)}`),
    async listPipelineUpdates(id, range) {
      const path = `/api/2.0/pipelines/${encodeURIComponent(id)}/updates`;
      const out: PipelineUpdateInfo[] = [];
      let token: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await get(PipelineUpdateList, path, { max_results: 100, page_token: token });
        let older = false;
        for (const update of page.updates) {
          const at = update.creation_time;
          if (at === undefined) continue;
          if (at < range.startMs) older = true;
          else if (at < range.endMs) out.push(update);
        }
        token = page.next_page_token;
        // Updates come newest first: once a page reaches before the range, the next pages are older still.
        if (older || token === undefined || token === '') return out;
      }
      throw pagingError(path);
    },
  };
}

function parse<S extends z.ZodType>(schema: S, endpoint: string, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ExternalServiceError(
      'databricks',
      `${endpoint}: unexpected response: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return result.data;
}

function pagingError(path: string): ExternalServiceError {
  return new ExternalServiceError('databricks', `${path}: more than ${MAX_PAGES} pages; refusing to continue`);
}
