import { afterEach, describe, expect, it } from 'vitest';
import { createFakeIssue } from '../../support/fake-jira/issue-writes.ts';
import { FAKE_OWNER_ACCOUNT_ID, type FakeUser } from '../../support/fake-jira.ts';
import { createHarness, type Harness, WAREHOUSE_ID } from './approval-harness.ts';

/**
 * The attacks of issue 11 ("approval integrity") against the real serve stack (scan → fake Jira → signed
 * webhook → worker → Databricks REST fake): someone with ordinary Jira edit rights rewrites the issue's
 * `lakewarden` entity property (which leaves no changelog entry) or forges an issue, and a person approves.
 * Each ends with zero Databricks writes and a comment saying why; the legitimate approval still applies.
 */

const MALLORY: FakeUser = {
  accountId: '712020:ffffffff-0000-4000-8000-00000000beef',
  displayName: 'Mallory Editor',
  emailAddress: 'mallory@example.com',
  active: true,
  accountType: 'atlassian',
  emailHidden: false,
  groups: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
};
const SECRET = 'dapi0123456789abcdef-SECRET';
const BIG_WAREHOUSE = 'f00dfeedf00dfeed';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function filed(): Promise<{ h: Harness; issueId: string; issueKey: string }> {
  const h = await createHarness({ users: [MALLORY] });
  harness = h;
  h.dbx.warehouses.set(BIG_WAREHOUSE, {
    id: BIG_WAREHOUSE,
    name: 'exec-dashboards',
    cluster_size: 'Small',
    min_num_clusters: 1,
    max_num_clusters: 1,
    auto_stop_mins: 10,
    warehouse_type: 'PRO',
    state: 'RUNNING',
  });
  h.dbx.clusters.set('0923-164208-shared', {
    cluster_id: '0923-164208-shared',
    cluster_name: 'shared-analytics',
    cluster_source: 'UI',
    spark_version: '15.4.x-scala2.12',
    autotermination_minutes: 60,
    state: 'RUNNING',
  });
  h.dbx.jobs.set('911', {
    job_id: 911,
    settings: {
      name: 'nightly-etl',
      timeout_seconds: 0,
      tasks: [{ task_key: 'etl', notebook_task: { notebook_path: '/Repos/data/etl' }, max_retries: -1 }],
    },
  });
  const { issueId, issueKey } = await h.scan();
  return { h, issueId, issueKey };
}

function issueOf(h: Harness, issueId: string) {
  const issue = h.jira.state.issues.find((i) => i.id === issueId);
  if (issue === undefined) throw new Error(`no issue ${issueId}`);
  return issue;
}

/** Rewrites the `lakewarden` property as a user with edit rights can (no changelog entry). */
function editProperty(h: Harness, issueId: string, edit: (property: Record<string, unknown>) => void): void {
  const property = issueOf(h, issueId).properties.lakewarden as Record<string, unknown>;
  edit(property);
}

async function approveAndDrain(h: Harness, issueId: string, approver = FAKE_OWNER_ACCOUNT_ID): Promise<void> {
  h.jira.transitionAs(issueId, approver, 'Approved');
  expect((await h.deliver(h.webhookBody(issueId))).status).toBe(202);
  await h.drain();
}

function comments(h: Harness, issueId: string): string {
  return JSON.stringify(issueOf(h, issueId).comments.map((c) => c.body));
}

async function storedText(h: Harness): Promise<string> {
  const tables = ['actions', 'history', 'outbox', 'filed_plans'] as const;
  const rows = await Promise.all(tables.map((t) => h.store.db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(rows);
}

describe('approval integrity: the bot changes only what it found', () => {
  it('property retargeted to another warehouse with a bigger size → refused, no write, comment says why', async () => {
    const { h, issueId } = await filed();
    editProperty(h, issueId, (p) => {
      p.resource = { ...(p.resource as object), id: BIG_WAREHOUSE };
      p.plan = {
        ...(p.plan as object),
        strategy: 'warehouse-clusters',
        changes: [
          { field: 'cluster_size', before: 'Small', after: '4X-Large' },
          { field: 'max_num_clusters', before: 1, after: 40 },
        ],
      };
    });
    await approveAndDrain(h, issueId);
    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(h.dbx.warehouses.get(BIG_WAREHOUSE)?.cluster_size).toBe('Small');
    expect(comments(h, issueId)).toContain('is not the plan lakewarden filed');
    expect(comments(h, issueId)).toContain(BIG_WAREHOUSE);
  });

  it('strategy swapped to cluster-terminate on a running shared cluster → refused, cluster keeps running', async () => {
    const { h, issueId } = await filed();
    editProperty(h, issueId, (p) => {
      p.resource = { ...(p.resource as object), kind: 'cluster', id: '0923-164208-shared' };
      p.plan = {
        ...(p.plan as object),
        strategy: 'cluster-terminate',
        args: {},
        changes: [{ field: 'state', before: 'RUNNING', after: 'TERMINATED' }],
      };
    });
    await approveAndDrain(h, issueId);
    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(h.dbx.clusters.get('0923-164208-shared')?.state).toBe('RUNNING');
    expect(comments(h, issueId)).toContain('cluster-terminate on cluster 0923-164208-shared');
  });

  it('a job-retries change naming tasks[etl].notebook_task → refused, the job code is untouched', async () => {
    const { h, issueId } = await filed();
    editProperty(h, issueId, (p) => {
      p.resource = { ...(p.resource as object), kind: 'job', id: '911' };
      p.plan = {
        ...(p.plan as object),
        strategy: 'job-retries',
        changes: [{ field: 'tasks[etl].notebook_task', before: null, after: { notebook_path: '/Users/mallory/x' } }],
      };
    });
    await approveAndDrain(h, issueId);
    expect(h.dbx.appliedWrites()).toEqual([]);
    const job = h.dbx.jobs.get('911') as { settings: { tasks: Array<Record<string, unknown>> } };
    expect(job.settings.tasks[0]?.notebook_task).toEqual({ notebook_path: '/Repos/data/etl' });
    expect(comments(h, issueId)).toContain('is not the plan lakewarden filed');
  });

  it('a forged issue (created by another user, copied label and property, self-assigned, approved) → refused', async () => {
    const { h, issueId } = await filed();
    const original = issueOf(h, issueId);
    const created = createFakeIssue(
      h.jira.state,
      {
        fields: {
          project: { key: original.projectKey },
          issuetype: { name: original.issueType },
          summary: original.summary,
          labels: original.labels,
        },
        properties: [{ key: 'lakewarden', value: structuredClone(original.properties.lakewarden) }],
      },
      MALLORY.accountId,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    created.issue.assigneeAccountId = MALLORY.accountId;
    await approveAndDrain(h, created.issue.id, MALLORY.accountId);
    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(comments(h, created.issue.id)).toContain('not by lakewarden');
    expect(await h.ports.actions.listByStates(['queued', 'applying', 'verifying', 'verified'])).toEqual([]);
  });

  it('a property naming jdbc_url / odbc_params → refused, and their values reach neither the store nor Jira', async () => {
    const { h, issueId } = await filed();
    const warehouse = h.dbx.warehouses.get(WAREHOUSE_ID) ?? {};
    Object.assign(warehouse, {
      jdbc_url: `jdbc:spark://adb-1.cloud.databricks.com:443/default;AuthMech=3;UID=token;PWD=${SECRET}`,
      odbc_params: { hostname: 'adb-1.cloud.databricks.com', path: '/sql/1.0/warehouses/x', token: SECRET },
    });
    editProperty(h, issueId, (p) => {
      p.plan = {
        ...(p.plan as object),
        changes: [
          { field: 'jdbc_url', before: null, after: 'x' },
          { field: 'odbc_params', before: null, after: 'x' },
        ],
      };
    });
    await approveAndDrain(h, issueId);
    expect(h.dbx.appliedWrites()).toEqual([]);
    expect(comments(h, issueId)).toContain('is not the plan lakewarden filed');
    expect(await storedText(h)).not.toContain(SECRET);
    expect(JSON.stringify(h.jira.state.issues)).not.toContain(SECRET);
  });

  it('the legitimate approval still applies end to end, keeping only allowlisted fields of the REST object', async () => {
    const { h, issueId } = await filed();
    const warehouse = h.dbx.warehouses.get(WAREHOUSE_ID) ?? {};
    Object.assign(warehouse, {
      jdbc_url: `jdbc:spark://adb-1.cloud.databricks.com:443/default;PWD=${SECRET}`,
      odbc_params: { token: SECRET },
    });
    await approveAndDrain(h, issueId);
    const writes = h.dbx.appliedWrites();
    expect(writes.map((w) => [w.path, w.body])).toEqual([
      [`/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`, { auto_stop_mins: 10 }],
    ]);
    const [action] = await h.ports.actions.listByStates(['verified']);
    expect(action).toMatchObject({ previousValue: { auto_stop_mins: 0 }, observedValue: { auto_stop_mins: 10 } });
    expect(action?.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedText(h)).not.toContain(SECRET);
    expect(JSON.stringify(h.jira.state.issues)).not.toContain(SECRET);
    expect(issueOf(h, issueId).statusName).toBe('Done');
  });
});
