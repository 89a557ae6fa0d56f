import { describe, expect, it } from 'vitest';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import type { TokenProvider } from '../../../src/databricks/auth/token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { jobRetries } from '../../../src/remediation/strategies/job-retries.ts';
import {
  isWriteRejected,
  retryAfterOf,
  WriteOutcomeUnknownError,
  WriteRejectedError,
} from '../../../src/remediation/workspace-api.ts';
import {
  createFakeDatabricksWorkspace,
  type FakeDatabricksWorkspace,
} from '../../support/fake-databricks-workspace.ts';
import { server } from '../../support/msw.ts';

function jobRetriesExecutor() {
  if (jobRetries.executor === undefined) throw new Error('job-retries writes');
  return jobRetries.executor;
}

function setup(): { dbx: FakeDatabricksWorkspace; sleeps: number[]; api: ReturnType<typeof createWorkspaceApi> } {
  const dbx = createFakeDatabricksWorkspace();
  server.use(...dbx.handlers);
  const sleeps: number[] = [];
  const api = createWorkspaceApi({
    host: dbx.host,
    auth: createPatTokenProvider(dbx.token),
    version: '9.9.9',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 200,
  });
  return { dbx, sleeps, api };
}

/** The WorkspaceApi on the fake with a given token provider and no real waits. */
function apiWithAuth(dbx: FakeDatabricksWorkspace, auth: TokenProvider) {
  return createWorkspaceApi({ host: dbx.host, auth, version: '1', sleep: async () => undefined });
}

const writes = (dbx: FakeDatabricksWorkspace) => dbx.calls().filter((c) => c.method === 'POST');

describe('REST WorkspaceApi (Databricks writes)', () => {
  it('warehouse edit sends only the given fields, an explicit 0 included, with the remediation User-Agent; get sees it', async () => {
    const { dbx, api } = setup();
    dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120, cluster_size: 'Medium' });
    await api.editWarehouse('w1', { auto_stop_mins: 0 });
    const [call] = writes(dbx);
    expect(call?.path).toBe('/api/2.0/sql/warehouses/w1/edit');
    expect(call?.body).toEqual({ auto_stop_mins: 0 });
    expect(call?.userAgent).toMatch(/^lakewarden-remediation\/9\.9\.9 /);
    expect(await api.getWarehouse('w1')).toMatchObject({ auto_stop_mins: 0, cluster_size: 'Medium' });
    expect(await api.getWarehouse('missing')).toBeNull();
  });

  it('clusters/update carries update_mask; clusters/delete terminates; a missing cluster (400 "does not exist") reads as null', async () => {
    const { dbx, api } = setup();
    dbx.clusters.set('c1', { cluster_id: 'c1', autotermination_minutes: 0, state: 'TERMINATED', spark_conf: { a: 1 } });
    await api.updateCluster('c1', { update_mask: 'autotermination_minutes', cluster: { autotermination_minutes: 30 } });
    expect(writes(dbx)[0]?.body).toEqual({
      cluster_id: 'c1',
      update_mask: 'autotermination_minutes',
      cluster: { autotermination_minutes: 30 },
    });
    expect(await api.getCluster('c1')).toMatchObject({ autotermination_minutes: 30, spark_conf: { a: 1 } });
    await api.terminateCluster('c1');
    expect(writes(dbx)[1]).toMatchObject({ path: '/api/2.1/clusters/delete', body: { cluster_id: 'c1' } });
    expect(await api.getCluster('nope')).toBeNull();
  });

  it('a job max_retries change sends the whole task object by task_key via jobs/update (never jobs/reset); other tasks unchanged', async () => {
    const { dbx, api } = setup();
    const ingest = {
      task_key: 'ingest',
      notebook_task: { notebook_path: '/etl/ingest' },
      max_retries: 0,
      timeout_seconds: 600,
    };
    const report = { task_key: 'report', sql_task: { query: { query_id: 'q1' } }, max_retries: 1 };
    dbx.jobs.set('101', { job_id: 101, settings: { name: 'nightly', timeout_seconds: 0, tasks: [ingest, report] } });
    const changes = [{ field: 'tasks[ingest].max_retries', before: 0, after: 2 }];
    const observed = await jobRetriesExecutor().read(api, { kind: 'job', id: '101' }, changes);
    if (observed === null) throw new Error('job not found');
    await jobRetriesExecutor().apply(api, { kind: 'job', id: '101' }, changes, observed);
    const posts = writes(dbx);
    expect(posts.map((p) => p.path)).toEqual(['/api/2.2/jobs/update']);
    expect(posts[0]?.body).toEqual({ job_id: 101, new_settings: { tasks: [{ ...ingest, max_retries: 2 }] } });
    const job = await api.getJob('101');
    expect(job?.settings).toEqual({
      name: 'nightly',
      timeout_seconds: 0,
      tasks: [{ ...ingest, max_retries: 2 }, report],
    });
  });

  it('4xx and a 429 beyond the budget are WriteRejectedError (certainly not applied); 429 honours Retry-After', async () => {
    const { dbx, api, sleeps } = setup();
    dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
    const bad = await api.editWarehouse('w1', { auto_stop_mins: 5 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WriteRejectedError);
    expect(String(bad)).toContain('INVALID_PARAMETER_VALUE');
    dbx.inject('POST', /edit$/, { type: 'status', status: 429, headers: { 'retry-after': '4' } }, 5);
    const throttled = await api.editWarehouse('w1', { auto_stop_mins: 10 }).catch((e: unknown) => e);
    expect(isWriteRejected(throttled)).toBe(true);
    expect(sleeps.filter((ms) => ms >= 4000)).toHaveLength(4);
    expect(dbx.appliedWrites()).toHaveLength(0);
  });

  for (const [name, fault] of [
    ['504 DEADLINE_EXCEEDED', { type: 'apply-then-error', status: 504 }],
    ['connection reset', { type: 'apply-then-reset' }],
    ['timeout', { type: 'apply-then-hang' }],
    ['503 before processing', { type: 'status', status: 503 }],
  ] as const) {
    it(`${name} → outcome unknown (not rejected), sent once, never retried by the transport`, async () => {
      const { dbx, api } = setup();
      dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
      dbx.inject('POST', /edit$/, fault);
      const error = await api.editWarehouse('w1', { auto_stop_mins: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isWriteRejected(error)).toBe(false);
      expect(writes(dbx)).toHaveLength(1);
    });
  }

  it('a 401 is retried once after a token refresh (the write was not processed); the token never appears in errors', async () => {
    const { dbx } = setup();
    dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
    let calls = 0;
    const api = apiWithAuth(dbx, {
      method: 'pat',
      credentialNames: 'DATABRICKS_TOKEN',
      token: async () => (calls++ === 0 ? 'dapi-expired-token' : dbx.token),
      refresh: async () => dbx.token,
    });
    await api.editWarehouse('w1', { auto_stop_mins: 10 });
    expect(dbx.calls().map((c) => c.status)).toEqual([401, 200]);
    expect(dbx.warehouses.get('w1')?.auto_stop_mins).toBe(10);
  });

  // 503 TEMPORARILY_UNAVAILABLE with Retry-After (https://docs.databricks.com/api/workspace/introduction, error
  // codes; Retry-After per https://www.rfc-editor.org/rfc/rfc9110#name-retry-after).
  it('a read answered 503 with Retry-After waits at least that long, then succeeds', async () => {
    const { dbx, api, sleeps } = setup();
    dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
    dbx.inject('GET', /warehouses\/w1$/, { type: 'status', status: 503, headers: { 'retry-after': '9' } }, 2);
    expect(await api.getWarehouse('w1')).toMatchObject({ auto_stop_mins: 120 });
    expect(sleeps).toEqual([9000, 9000]);
  });

  it('a write answered 503 is outcome-unknown, sent once, and carries Retry-After for the read-back retry', async () => {
    const { dbx, api } = setup();
    dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
    dbx.inject('POST', /edit$/, { type: 'status', status: 503, headers: { 'retry-after': '6' } });
    const error = await api.editWarehouse('w1', { auto_stop_mins: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(retryAfterOf(error)).toBe(6000);
    expect(writes(dbx)).toHaveLength(1);
  });

  it('no retry starts past the total deadline', async () => {
    const dbx = createFakeDatabricksWorkspace();
    server.use(...dbx.handlers);
    dbx.warehouses.set('w1', { id: 'w1' });
    dbx.inject('GET', /warehouses\/w1$/, { type: 'status', status: 503, headers: { 'retry-after': '50' } }, 5);
    let clock = 0;
    const api = createWorkspaceApi({
      host: dbx.host,
      auth: createPatTokenProvider(dbx.token),
      version: '1',
      deadlineMs: 120_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      random: () => 0,
    });
    const error = await api.getWarehouse('w1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503 });
    // 50 s + 50 s fit in 120 s; a third wait would end at 150 s.
    expect(dbx.calls()).toHaveLength(3);
  });

  // An OAuth access token lives one hour (https://docs.databricks.com/en/dev-tools/auth/oauth-m2m.html); an
  // expired one is answered 403 "JWT has expired" by some workspaces, not 401.
  for (const method of ['GET', 'POST'] as const) {
    it(`${method}: 403 "JWT has expired" refreshes the token once and repeats the call`, async () => {
      const dbx = createFakeDatabricksWorkspace();
      server.use(...dbx.handlers);
      dbx.warehouses.set('w1', { id: 'w1', auto_stop_mins: 120 });
      dbx.inject(method, /w1(\/edit)?$/, {
        type: 'status',
        status: 403,
        body: { error_code: '403', message: 'JWT has expired' },
      });
      let refreshes = 0;
      const api = apiWithAuth(dbx, {
        method: 'oauth-m2m',
        credentialNames: 'DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET',
        token: async () => dbx.token,
        refresh: async () => {
          refreshes++;
          return dbx.token;
        },
      });
      if (method === 'GET') expect(await api.getWarehouse('w1')).toMatchObject({ id: 'w1' });
      else await api.editWarehouse('w1', { auto_stop_mins: 10 });
      expect(refreshes).toBe(1);
      expect(dbx.calls().map((c) => c.status)).toEqual([403, 200]);
    });
  }
});
