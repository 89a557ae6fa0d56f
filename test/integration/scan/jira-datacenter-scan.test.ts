import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { ConfigError, exitCodeFor } from '../../../src/errors.ts';
import { createDataCenterHttp } from '../../../src/jira-datacenter/datacenter-http.ts';
import { createDataCenterIssueTracker } from '../../../src/jira-datacenter/datacenter-issue-tracker.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import {
  createFakeJira,
  FAKE_DC_OWNER,
  FAKE_SAVINGS_FIELD,
  type FakeJira,
  fakeProject,
  multiStepWorkflow,
} from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';
import { paymentsWarehouses } from '../../support/resource-builders.ts';
import { runScan, type ScanRun } from '../../support/scan-harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PAT = 'dc-personal-access-token-0123456789';

let dir: string;
let logs: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-dc-'));
  logs = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Ten idle warehouses of the payments team: ten findings of one rule. */
const warehouses: Resource[] = paymentsWarehouses(10);

function loaded(fake: FakeJira, deployment: 'cloud' | 'datacenter' = 'datacenter'): LoadedConfig {
  const config = LakewardenConfig.parse({
    jira: { deployment, projectKey: 'FIN', fields: { estimatedSavings: FAKE_SAVINGS_FIELD } },
    routing: {
      teams: { payments: { assignee: 'dana.owner@example.com', components: ['data-platform'] } },
    },
    rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: join(dir, 'lw.db') },
  });
  const env = readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_PAT: PAT });
  return { config, env, file: undefined, baseDir: ROOT };
}

function mutations(fake: FakeJira) {
  return fake.writes().filter((c) => c.path !== '/rest/api/2/search');
}

function expectOk(run: ScanRun): string {
  expect(run.error, run.err.join('\n')).toBeUndefined();
  return run.out.join('\n');
}

describe('scan against Jira Data Center (REST v2, PAT, wiki markup, users by name)', () => {
  it('files, leaves alone, resolves through In Progress and reopens the same issue when the finding returns', async () => {
    const fake = createFakeJira({
      flavour: 'datacenter',
      apiToken: PAT,
      projects: [fakeProject('FIN', 'company-managed')],
      workflow: multiStepWorkflow(),
    });
    server.use(...fake.handlers);
    const config = loaded(fake);
    const scan = (resources: Resource[]) => runScan(config, resources, { dir, logs });

    // 1. Full scan: ten issues with wiki-markup descriptions, assigned by username, property set.
    const first = await scan(warehouses);
    expect(expectOk(first)).toMatch(/10 findings, 10 created, 0 updated, 0 resolved, 0 unchanged/);
    expect(fake.state.issues).toHaveLength(10);
    expect(fake.calls().every((c) => c.path.startsWith('/rest/api/2/'))).toBe(true);
    expect(fake.calls().some((c) => c.status === 400 || c.status === 404)).toBe(false);
    expect(fake.calls()[0]?.path).toBe('/rest/api/2/serverInfo');
    for (const issue of fake.state.issues) {
      expect(typeof issue.description).toBe('string');
      expect(issue.assigneeAccountId).toBe(FAKE_DC_OWNER);
      expect(issue.components).toEqual(['data-platform']);
      expect(issue.properties.lakewarden).toMatchObject({ contentHash: expect.any(String) });
    }
    const description = String(fake.state.issues[0]?.description);
    expect(description).toMatch(/^h3\. /m);
    expect(description).toContain('payments\\-sql\\-');

    // 2. Rescan: nothing changed, nothing written.
    const writesBefore = mutations(fake).length;
    expect(expectOk(await scan(warehouses))).toMatch(/0 created, 0 updated, 0 resolved, 10 unchanged/);
    expect(mutations(fake)).toHaveLength(writesBefore);

    // 3. 10 % of the resources are gone: To Do → In Progress → Done with a resolution, a wiki comment.
    const gone = fake.state.issues.find((i) => i.summary.includes('payments-sql-0'));
    if (gone === undefined) throw new Error('no issue for payments-sql-0');
    expect(expectOk(await scan(warehouses.slice(1)))).toMatch(
      /9 findings, 0 created, 0 updated, 1 resolved, 9 unchanged/,
    );
    expect(gone.statusName).toBe('Done');
    expect(gone.changelog.map((h) => `${h.items[0]?.fromString} → ${h.items[0]?.toString}`)).toEqual([
      'To Do → In Progress',
      'In Progress → Done',
    ]);
    const transitions = fake.writes().filter((c) => c.path === `/rest/api/2/issue/${gone.id}/transitions`);
    expect(transitions.map((c) => c.body)).toEqual([
      { transition: { id: '21' } },
      { transition: { id: '51' }, fields: { resolution: { name: 'Done' } } },
    ]);
    expect(typeof gone.comments.at(-1)?.body).toBe('string');
    expect(String(gone.comments.at(-1)?.body)).toContain('no longer detected');

    // 4. The resource is back: the same issue is reopened with the new evidence, no new issue.
    expect(expectOk(await scan(warehouses))).toMatch(
      /10 findings, 0 created, 0 updated, 0 resolved, 1 reopened, 9 unchanged/,
    );
    expect(fake.state.issues).toHaveLength(10);
    expect(gone.statusName).toBe('To Do');
    expect(String(gone.comments.at(-1)?.body)).toContain('detected again');

    // 5. Quiet again.
    const quiet = mutations(fake).length;
    expect(expectOk(await scan(warehouses))).toMatch(/0 created, 0 updated, 0 resolved, 10 unchanged/);
    expect(mutations(fake)).toHaveLength(quiet);

    // 6. The report's statuses come from the same search.
    const tracker = createDataCenterIssueTracker({
      http: createDataCenterHttp({
        baseUrl: fake.baseUrl,
        auth: { type: 'pat', token: PAT },
        retry: { maxRetries: 0, sleep: async () => {}, random: () => 0 },
      }),
      projectKey: 'FIN',
      jira: config.config.jira,
    });
    const statuses = await tracker.statusesByIssueId();
    expect(statuses.size).toBe(10);
    expect(statuses.get(gone.id)).toEqual({ name: 'To Do', categoryKey: 'new' });
  });

  it('refuses jira.deployment: datacenter pointed at a Jira Cloud site, in one line', async () => {
    const cloud = createFakeJira({ apiToken: PAT });
    server.use(...cloud.handlers);
    // Cloud's serverInfo says deploymentType "Cloud": one line, exit 2, no write.
    const run = await runScan(loaded(cloud, 'datacenter'), warehouses, { dir, logs });
    expect(run.error).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(run.error)).toBe(2);
    expect((run.error as Error).message).not.toContain('\n');
    expect(cloud.writes()).toEqual([]);
  });

  it('refuses jira.deployment: cloud when the site has no REST v3 (Data Center), in one line', async () => {
    const fake = createFakeJira({ apiToken: PAT });
    server.use(...fake.handlers);
    // What Jira Data Center answers for a REST v3 path.
    fake.failNext('GET', /^\/rest\/api\/3\/myself$/, 404);
    const config = loaded(fake, 'cloud');
    const run = await runScan(
      {
        ...config,
        env: readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_EMAIL: 'lakewarden-bot@example.com', JIRA_API_TOKEN: PAT }),
      },
      warehouses,
      { dir, logs },
    );
    expect(run.error).toBeInstanceOf(ConfigError);
    expect((run.error as Error).message).toMatch(/set jira\.deployment: datacenter/);
    expect((run.error as Error).message).not.toContain('\n');
    expect(fake.writes()).toEqual([]);
  });

  it('sends the PAT as a bearer token and stops on a rejected one before any write', async () => {
    const fake = createFakeJira({ flavour: 'datacenter', apiToken: 'another-token-000000' });
    server.use(...fake.handlers);
    const run = await runScan(loaded(fake), warehouses, { dir, logs });
    expect(exitCodeFor(run.error)).not.toBe(0);
    expect((run.error as Error).message).toMatch(/JIRA_PAT/);
    expect(fake.writes()).toEqual([]);
  });
});

describe('the Data Center flavour of the Jira fake', () => {
  async function call(fake: FakeJira, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${fake.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${PAT}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  it('refuses REST v3 paths, ADF bodies, accountId assignees and Cloud-only search parameters', async () => {
    const fake = createFakeJira({ flavour: 'datacenter', apiToken: PAT });
    server.use(...fake.handlers);
    expect((await call(fake, 'GET', '/rest/api/3/myself')).status).toBe(404);
    expect((await call(fake, 'POST', '/rest/api/3/search/jql', { jql: 'project = FIN' })).status).toBe(404);
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] };
    const create = (fields: Record<string, unknown>) =>
      call(fake, 'POST', '/rest/api/2/issue', {
        fields: { project: { key: 'FIN' }, issuetype: { name: 'Task' }, summary: 's', labels: [], ...fields },
      });
    expect((await create({ description: adf })).status).toBe(400);
    expect((await create({ assignee: { accountId: FAKE_DC_OWNER } })).status).toBe(400);
    const created = await create({ description: 'h3. wiki', assignee: { name: FAKE_DC_OWNER } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call(fake, 'POST', `/rest/api/2/issue/${id}/comment`, { body: adf })).status).toBe(400);
    expect((await call(fake, 'GET', `/rest/api/2/issue/${id}/changelog`)).status).toBe(404);
    expect((await call(fake, 'POST', '/rest/api/2/search', { jql: 'project = FIN', nextPageToken: 'x' })).status).toBe(
      400,
    );
    const me = (await (await call(fake, 'GET', '/rest/api/2/myself')).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'lakewarden', key: 'lakewarden' });
    expect(me).not.toHaveProperty('accountId');
    const basic = await fetch(`${fake.baseUrl}/rest/api/2/myself`, {
      headers: { authorization: `Basic ${Buffer.from(`lakewarden:${PAT}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });
});
