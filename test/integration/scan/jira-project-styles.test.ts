import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { ConfigError, exitCodeFor } from '../../../src/errors.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import {
  createFakeJira,
  FAKE_SAVINGS_FIELD,
  type FakeJira,
  type FakeProjectStyle,
  fakeProject,
  multiStepWorkflow,
} from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';
import { buildWarehouse, paymentsWarehouses } from '../../support/resource-builders.ts';
import { runScan, type ScanRun } from '../../support/scan-harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'styles-token-0123456789';

let dir: string;
let logs: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-styles-'));
  logs = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Ten idle warehouses of the payments team: ten findings of one rule. */
const warehouses: Resource[] = paymentsWarehouses(10);

function loaded(fake: FakeJira, teams: Record<string, unknown> = {}): LoadedConfig {
  const config = LakewardenConfig.parse({
    jira: { projectKey: 'FIN', fields: { estimatedSavings: FAKE_SAVINGS_FIELD } },
    routing: {
      teams: { payments: { assignee: 'dana.owner@example.com', components: ['data-platform'], ...teams } },
    },
    rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: join(dir, 'lw.db') },
  });
  const env = readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_EMAIL: 'lakewarden-bot@example.com', JIRA_API_TOKEN: TOKEN });
  return { config, env, file: undefined, baseDir: ROOT };
}

async function scan(config: LoadedConfig, resources: Resource[], json = false): Promise<ScanRun> {
  return runScan(config, resources, { dir, logs, json });
}

function mutations(fake: FakeJira) {
  return fake.writes().filter((c) => c.path !== '/rest/api/3/search/jql');
}

function expectOk(run: ScanRun): string {
  expect(run.error).toBeUndefined();
  return run.out.join('\n');
}

const styles: Array<{ style: FakeProjectStyle; components: string[] }> = [
  { style: 'company-managed', components: ['data-platform'] },
  { style: 'team-managed', components: [] },
];

describe.each(styles)('a $style project with a multi-step workflow', ({ style, components }) => {
  it('files, leaves alone, resolves through In Progress, and reopens the same issue when the finding returns', async () => {
    const fake = createFakeJira({
      apiToken: TOKEN,
      projects: [fakeProject('FIN', style)],
      workflow: multiStepWorkflow(),
    });
    server.use(...fake.handlers);
    const config = loaded(fake);

    // 1. Full scan: ten issues, fields fitted to the screen.
    const first = await scan(config, warehouses);
    expect(expectOk(first)).toMatch(/10 findings, 10 created, 0 updated, 0 resolved, 0 unchanged/);
    expect(fake.state.issues).toHaveLength(10);
    for (const issue of fake.state.issues) expect(issue.components).toEqual(components);
    // The issue type goes by the id the project's create metadata gave (team-managed types are project-scoped).
    const bulk = fake.writes().find((c) => c.path === '/rest/api/3/issue/bulk');
    const typeId = style === 'team-managed' ? '10210' : '10002';
    const body = bulk?.body as { issueUpdates?: Array<{ fields: { issuetype: unknown } }> } | undefined;
    expect(body?.issueUpdates?.[0]?.fields.issuetype).toEqual({ id: typeId });
    const createmeta = fake.calls().filter((c) => c.path.startsWith('/rest/api/3/issue/createmeta/FIN/issuetypes/'));
    expect(createmeta).toHaveLength(1);
    if (style === 'team-managed') {
      // Components configured for the team but the project has none: one warning, not one per issue.
      expect(first.err.filter((l) => l.includes('Components'))).toHaveLength(1);
      expect(first.err.join('\n')).toMatch(
        /warning: components "data-platform" are configured but .* no Components field/,
      );
      expect(fake.state.issues[0]?.customFields[FAKE_SAVINGS_FIELD]).toBeUndefined();
    } else {
      expect(first.err.filter((l) => l.startsWith('warning:'))).toEqual([]);
      expect(fake.state.issues[0]?.customFields[FAKE_SAVINGS_FIELD]).toBeGreaterThan(0);
    }

    // 2. Rescan: nothing changed, nothing written.
    const writesBefore = mutations(fake).length;
    expect(expectOk(await scan(config, warehouses))).toMatch(/0 created, 0 updated, 0 resolved, 10 unchanged/);
    expect(mutations(fake)).toHaveLength(writesBefore);

    // 3. 10 % of the resources are gone: that issue walks To Do → In Progress → Done, with a resolution.
    const gone = fake.state.issues.find((i) => i.summary.includes('payments-sql-0'));
    if (gone === undefined) throw new Error('no issue for payments-sql-0');
    const third = await scan(config, warehouses.slice(1));
    expect(expectOk(third)).toMatch(/9 findings, 0 created, 0 updated, 1 resolved, 9 unchanged/);
    expect(gone.statusName).toBe('Done');
    expect(gone.changelog.map((h) => `${h.items[0]?.fromString} → ${h.items[0]?.toString}`)).toEqual([
      'To Do → In Progress',
      'In Progress → Done',
    ]);
    const transitions = fake.writes().filter((c) => c.path === `/rest/api/3/issue/${gone.id}/transitions`);
    expect(transitions.map((c) => c.body)).toEqual([
      { transition: { id: '21' } },
      { transition: { id: '51' }, fields: { resolution: { name: 'Done' } } },
    ]);
    expect(JSON.stringify(gone.comments.at(-1)?.body)).toContain('no longer detected');
    expect(logs.join('')).toMatch(/"transition":"Start progress","from":"To Do","to":"In Progress"/);

    // 4. The resource is back: the same issue is reopened with the new evidence, no new issue.
    const back = await scan(config, warehouses);
    expect(expectOk(back)).toMatch(/10 findings, 0 created, 0 updated, 0 resolved, 1 reopened, 9 unchanged/);
    expect(fake.state.issues).toHaveLength(10);
    expect(gone.statusName).toBe('To Do');
    expect(gone.changelog.at(-1)?.items[0]).toMatchObject({ fromString: 'Done', toString: 'To Do' });
    const reopenComment = JSON.stringify(gone.comments.at(-1)?.body);
    expect(reopenComment).toContain('detected again');
    expect(reopenComment).toContain('Idle');

    // 5. And then it is quiet again.
    const quiet = mutations(fake).length;
    expect(expectOk(await scan(config, warehouses))).toMatch(/0 created, 0 updated, 0 resolved, 10 unchanged/);
    expect(mutations(fake)).toHaveLength(quiet);
  });
});

describe('scan failures tell the truth', () => {
  it('exits 1 with one grouped summary line when every create fails', async () => {
    const fake = createFakeJira({ apiToken: TOKEN, projects: [fakeProject('FIN', 'company-managed')] });
    server.use(...fake.handlers);
    // The outcome of a bulk create answered 503 is unknown: never re-sent, reported as failed.
    fake.failNext('POST', /^\/rest\/api\/3\/issue\/bulk$/, 503);
    const run = await scan(loaded(fake), warehouses);
    expect(exitCodeFor(run.error)).toBe(1);
    expect((run.error as Error).message).toBe('10 Jira writes failed (causes above): the scan is incomplete');
    const summaries = run.err.filter((l) => /creates? failed/.test(l));
    expect(summaries).toEqual([expect.stringMatching(/^10 creates failed: .*503.*\(project FIN\) — fix: /)]);
    expect(run.out.join('\n')).toMatch(/0 created.*10 failed/);
    // One log line for the group, not one per finding.
    expect(logs.filter((l) => l.includes('creates failed'))).toHaveLength(1);
    expect(logs.join('')).not.toContain('jira issue create failed');
  });

  it('--json carries the same counts and causes, and still exits 1', async () => {
    const fake = createFakeJira({ apiToken: TOKEN });
    server.use(...fake.handlers);
    fake.failNext('POST', /^\/rest\/api\/3\/issue\/bulk$/, 503);
    const run = await scan(loaded(fake), warehouses, true);
    expect(exitCodeFor(run.error)).toBe(1);
    const json = JSON.parse(run.out.join('\n')) as {
      counts: { failed: number; created: number };
      failures: Array<{ operation: string; count: number; summary: string }>;
    };
    expect(json.counts).toMatchObject({ failed: 10, created: 0 });
    expect(json.failures).toEqual([
      expect.objectContaining({ operation: 'create', count: 10, summary: expect.stringMatching(/^10 creates failed/) }),
    ]);
  });

  it('stops before any write when the screen has no Labels field, naming the field and the fix', async () => {
    const fake = createFakeJira({
      apiToken: TOKEN,
      projects: [fakeProject('FIN', 'team-managed', { hiddenFields: ['labels'] })],
    });
    server.use(...fake.handlers);
    const run = await scan(loaded(fake), warehouses);
    expect(run.error).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(run.error)).toBe(2);
    expect((run.error as Error).message).toMatch(
      /create screen of project FIN \(issue type "Task"\) has no labels field.* — fix: add labels to that screen/,
    );
    expect((run.error as Error).message).not.toContain('\n');
    expect(mutations(fake)).toEqual([]);
  });

  it('stops before any write when the screen requires a field lakewarden cannot fill', async () => {
    const fake = createFakeJira({
      apiToken: TOKEN,
      projects: [
        fakeProject('FIN', 'company-managed', {
          extraFields: [
            { fieldId: 'customfield_12312', name: 'Story type', required: true, schema: { type: 'option' } },
          ],
        }),
      ],
    });
    server.use(...fake.handlers);
    const run = await scan(loaded(fake), warehouses);
    expect(run.error).toBeInstanceOf(ConfigError);
    expect((run.error as Error).message).toMatch(
      /requires "Story type" \(customfield_12312\), which lakewarden cannot fill/,
    );
    expect(mutations(fake)).toEqual([]);
  });
});

describe('jira.priority', () => {
  it.each(styles)('is sent on creates only when the $style screen has Priority', async ({ style }) => {
    const fake = createFakeJira({ apiToken: TOKEN, projects: [fakeProject('FIN', style)] });
    server.use(...fake.handlers);
    const base = loaded(fake);
    const config = { ...base, config: { ...base.config, jira: { ...base.config.jira, priority: 'High' } } };
    const run = await scan(config, warehouses.slice(0, 2));
    expect(expectOk(run)).toMatch(/2 created/);
    const bulk = fake.writes().find((c) => c.path === '/rest/api/3/issue/bulk');
    const body = bulk?.body as { issueUpdates?: Array<{ fields: Record<string, unknown> }> } | undefined;
    const fields = (body?.issueUpdates ?? []).map((u) => u.fields.priority);
    if (style === 'company-managed') {
      expect(fields).toEqual([{ name: 'High' }, { name: 'High' }]);
      expect(run.err.filter((l) => l.includes('jira.priority'))).toEqual([]);
    } else {
      // Team-managed projects have no Priority field on this screen: Jira's default, one warning.
      expect(fields).toEqual([undefined, undefined]);
      expect(run.err.filter((l) => l.includes('jira.priority'))).toHaveLength(1);
    }
  });
});

describe('a workflow with no path lakewarden may take to Done', () => {
  it('comments, reports the cause, exits 1, and the store keeps the issue open', async () => {
    const fake = createFakeJira({
      apiToken: TOKEN,
      workflow: {
        initialStatus: 'To Do',
        statuses: [
          { id: '10001', name: 'To Do', category: 'new' },
          { id: '10100', name: 'Approved', category: 'indeterminate' },
          { id: '10002', name: 'Done', category: 'done' },
        ],
        // Done only through Approved, which lakewarden never enters on its own.
        transitions: [
          { id: '31', name: 'Approve', from: ['To Do'], to: 'Approved' },
          { id: '51', name: 'Done', from: ['Approved'], to: 'Done', requiresResolution: true },
        ],
      },
    });
    server.use(...fake.handlers);
    const config = loaded(fake);
    expectOk(await scan(config, warehouses.slice(0, 2)));
    const run = await scan(config, warehouses.slice(1, 2));
    expect(exitCodeFor(run.error)).toBe(1);
    expect(run.err).toContainEqual(
      expect.stringMatching(/^1 resolution failed: no transition path to "Done" \(project FIN\) — fix: /),
    );
    expect(run.out.join('\n')).toMatch(/0 resolved, 1 unchanged, 0 suppressed, 1 failed/);
    const stuck = fake.state.issues.find((i) => i.summary.includes('payments-sql-0'));
    expect(stuck?.statusName).toBe('To Do');
    expect(stuck?.changelog).toEqual([]);
    expect(JSON.stringify(stuck?.comments.at(-1)?.body)).toContain('could not move the issue to \\"Done\\"');
    // The store does not claim a state Jira does not show: the next scan tries again.
    const comments = stuck?.comments.length;
    const again = await scan(config, warehouses.slice(1, 2));
    expect(again.err).toContainEqual(expect.stringMatching(/^1 resolution failed/));
    // …but does not repeat the comment.
    expect(stuck?.comments.length).toBe(comments);
  });
});

describe('teams filing into their own project', () => {
  it("reads each project's screen once and keeps a rescan write-free across both projects", async () => {
    const fake = createFakeJira({
      apiToken: TOKEN,
      projects: [
        fakeProject('FIN', 'company-managed'),
        fakeProject('PAY', 'team-managed', { id: '10300', name: 'Payments' }),
      ],
    });
    server.use(...fake.handlers);
    const config = loaded(fake, { projectKey: 'PAY' });
    const unowned = buildWarehouse({
      id: 'wh-shared',
      name: 'shared-sql',
      tags: { owner: 'platform', team: 'platform', cost_center: 'cc-2' },
      config: { auto_stop_mins: 0 },
      facts: { idleTailHours: 300 },
    });
    const resources = [...warehouses.slice(0, 3), unowned];
    expect(expectOk(await scan(config, resources))).toMatch(/4 created/);
    expect(fake.state.issues.filter((i) => i.projectKey === 'PAY')).toHaveLength(3);
    expect(fake.state.issues.filter((i) => i.projectKey === 'FIN')).toHaveLength(1);
    const metaReads = fake
      .calls()
      .filter((c) => /^\/rest\/api\/3\/issue\/createmeta\/\w+\/issuetypes\/\d+$/.test(c.path));
    expect(metaReads.map((c) => c.path.split('/')[6]).sort()).toEqual(['FIN', 'PAY']);
    const before = mutations(fake).length;
    expect(expectOk(await scan(config, resources))).toMatch(/0 created, 0 updated, 0 resolved, 4 unchanged/);
    expect(mutations(fake)).toHaveLength(before);
  });
});
