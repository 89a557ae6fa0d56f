import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/commands/scan-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { AuthenticationError } from '../../../src/errors.ts';
import { createServices, type Services } from '../../../src/main.ts';
import { saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import { adfSchemaErrors } from '../../support/adf-schema.ts';
import { createFakeJira, FAKE_OWNER_ACCOUNT_ID, FAKE_SAVINGS_FIELD, type FakeJira } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';
import { buildCluster, buildJob, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'jira-token-s3cr3t-value';

let dir: string;
let fake: FakeJira;
let logs: string[];
let sleeps: number[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-scan-'));
  fake = createFakeJira({ apiToken: TOKEN, projectKey: 'FIN' });
  server.use(...fake.handlers);
  logs = [];
  sleeps = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loaded(token = TOKEN): LoadedConfig {
  const config = LakewardenConfig.parse({
    jira: { projectKey: 'FIN', fields: { estimatedSavings: FAKE_SAVINGS_FIELD } },
    routing: { teams: { payments: { assignee: 'dana.owner@example.com', displayName: 'Payments team' } } },
    rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath: join(dir, 'lw.db') },
  });
  const env = readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_EMAIL: 'lakewarden-bot@example.com', JIRA_API_TOKEN: token });
  return { config, env, file: undefined, baseDir: ROOT };
}

/** Calls that change Jira (search is a POST but reads). */
function mutations() {
  return fake.writes().filter((c) => c.path !== '/rest/api/3/search/jql');
}

async function services(config: LoadedConfig): Promise<Services> {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  return createServices(config, {
    logDestination: destination,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

/** The idle warehouse of `problems`, idle `idleTailHours` after its queries. */
const idleWarehouse = (idleTailHours: number): Resource =>
  buildWarehouse({
    id: 'wh-idle',
    name: 'payments-sql',
    tags: { team: 'payments', owner: 'payments', cost_center: 'cc-1' },
    config: { auto_stop_mins: 0 },
    facts: { idleTailHours },
  });

const problems: Resource[] = [
  idleWarehouse(200),
  buildCluster({
    id: '0101-000000-abcdefgh',
    name: 'ana-cluster',
    config: { autotermination_minutes: 0, state: 'RUNNING' },
    facts: { idleHours: 300 },
  }),
  buildJob({
    id: '101',
    name: 'nightly-etl',
    config: { timeout_seconds: 0 },
    facts: { runawayRuns: 2, runawayCostUsd: 400, p95DurationSec: 3000 },
  }),
];

async function scan(resources: Resource[], config = loaded(), options: { dryRun?: boolean } = {}) {
  const file = join(dir, `snapshot-${Math.random()}.json`);
  await saveSnapshot(file, buildSnapshot(resources));
  const out: string[] = [];
  const svc = await services(config);
  try {
    await scanCommand(
      config,
      svc,
      { snapshot: file, dryRun: options.dryRun ?? false, json: false },
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      undefined,
    );
  } finally {
    await svc.close();
  }
  return out.join('\n');
}

describe('the store file of a scan (docs/configuration.md store.sqlitePath)', () => {
  it('is not created by a dry run without Jira credentials, and is created by the first scan that files', async () => {
    const storeFile = join(dir, 'lw.db');
    const withoutJira: LoadedConfig = { ...loaded(), env: readEnv({}) };
    const preview = await scan(problems, withoutJira);
    expect(preview).toMatch(/3 findings/);
    expect(existsSync(storeFile)).toBe(false);
    expect(await scan(problems)).toMatch(/3 findings, 3 created/);
    expect(existsSync(storeFile)).toBe(true);
    expect(await scan(problems, withoutJira)).toMatch(/3 findings/);
    expect(fake.state.issues).toHaveLength(3);
  });
});

describe('scan → Jira (stateful fake)', () => {
  it('creates one issue per finding with labels, assignee, savings field, property and valid ADF', async () => {
    const output = await scan(problems);
    expect(output).toMatch(/3 findings, 3 created, 0 updated, 0 resolved, 0 unchanged, 0 suppressed/);
    const issues = fake.state.issues;
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      expect(issue.labels).toEqual(
        expect.arrayContaining([
          'lakewarden',
          expect.stringMatching(/^lw-rule-/),
          expect.stringMatching(/^lw-fp-[0-9a-f]{16}$/),
        ]),
      );
      expect(issue.labels.some((l) => l === 'lw-cost' || l === 'lw-reliability' || l === 'lw-governance')).toBe(true);
      expect(adfSchemaErrors(issue.description)).toEqual([]);
      expect(issue.properties.lakewarden).toMatchObject({ fingerprint: expect.any(String), plan: expect.any(Object) });
    }
    const warehouse = issues.find((i) => i.labels.includes('lw-rule-warehouse-auto-stop-too-long'));
    expect(warehouse?.assigneeAccountId).toBe(FAKE_OWNER_ACCOUNT_ID);
    expect(warehouse?.customFields[FAKE_SAVINGS_FIELD]).toBeGreaterThan(0);
    // one bulk create for all three
    expect(mutations().filter((c) => c.path === '/rest/api/3/issue/bulk')).toHaveLength(1);
  });

  it('keeps owner and team from routing when the owner has no Jira account, with names, link and autonomy for reports', async () => {
    const orphan = buildCluster({
      id: '0101-000000-zzzzzzzz',
      name: 'nobody-cluster',
      tags: { owner: 'nobody@example.com', team: 'payments', cost_center: 'cc-1' },
      owners: { creator: 'nobody@example.com' },
      config: { autotermination_minutes: 0, state: 'RUNNING' },
      facts: { idleHours: 300 },
    });
    await scan([orphan]);
    expect(fake.state.issues[0]?.labels).toContain('lw-unowned');
    const svc = await services(loaded());
    try {
      const [record] = await svc.store.listIssues();
      expect(record).toMatchObject({
        owner: 'nobody@example.com',
        team: 'payments',
        resourceName: 'nobody-cluster',
        workspaceName: 'prod',
        resourceUrl: 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/compute/clusters/0101-000000-zzzzzzzz',
        autonomy: 'approval',
        excessUsd: 0,
        effectiveSavingsUsd: null,
      });
    } finally {
      await svc.close();
    }
  });

  it('makes zero write calls on an immediate second scan', async () => {
    await scan(problems);
    const before = mutations().length;
    const output = await scan(problems);
    expect(output).toMatch(/3 findings, 0 created, 0 updated, 0 resolved, 3 unchanged, 0 suppressed/);
    expect(mutations().length).toBe(before);
  });

  it('ticket sync reads the issue map and the account cache once per scan, not once per finding', async () => {
    await scan(problems);
    const file = join(dir, 'rescan.json');
    await saveSnapshot(file, buildSnapshot(problems));
    const svc = await services(loaded());
    const calls = new Map<string, number>();
    const store = new Proxy(svc.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    });
    try {
      await scanCommand(
        loaded(),
        { ...svc, store },
        { snapshot: file, dryRun: false, json: false },
        { out: () => {}, err: () => {} },
        undefined,
      );
    } finally {
      await svc.close();
    }
    expect(calls.get('listCachedAccounts')).toBe(1);
    // One read for the scan's known issues, one for the sync's plan.
    expect(calls.get('listIssues')).toBe(2);
    expect(calls.get('upsertIssue')).toBe(3);
  });

  it('rebuilds from Jira labels when the store is lost: still zero writes', async () => {
    await scan(problems);
    rmSync(join(dir, 'lw.db'), { force: true });
    rmSync(join(dir, 'lw.db-wal'), { force: true });
    rmSync(join(dir, 'lw.db-shm'), { force: true });
    const before = mutations().length;
    const output = await scan(problems);
    expect(output).toMatch(/0 created, 0 updated, 0 resolved, 3 unchanged/);
    expect(mutations().length).toBe(before);
  });

  it('comments on and transitions to Done an issue whose finding disappeared', async () => {
    await scan(problems);
    const output = await scan(problems.slice(1));
    expect(output).toMatch(/2 findings, 0 created, 0 updated, 1 resolved, 2 unchanged/);
    const resolved = fake.state.issues.find((i) => i.labels.includes('lw-rule-warehouse-auto-stop-too-long'));
    expect(resolved?.statusName).toBe('Done');
    expect(JSON.stringify(resolved?.comments.at(-1)?.body)).toContain('no longer detected');
  });

  it('does not re-create an issue a person declined, unless it became materially worse', async () => {
    await scan(problems);
    const issue = fake.state.issues.find((i) => i.labels.includes('lw-rule-warehouse-auto-stop-too-long'));
    if (issue === undefined) throw new Error('no issue');
    fake.transitionAs(issue.id, FAKE_OWNER_ACCOUNT_ID, "Won't Do");
    const again = await scan(problems);
    expect(again).toMatch(/0 created, 0 updated, 0 resolved, 2 unchanged, 1 suppressed/);
    expect(fake.state.issues).toHaveLength(3);
    const worse = [...problems];
    worse[0] = buildWarehouse({
      ...problems[0],
      config: { auto_stop_mins: 0 },
      facts: { idleTailHours: 2000, costUsd: 100_000 },
    } as never);
    const output = await scan(worse);
    expect(output).toMatch(/1 created/);
    expect(fake.state.issues).toHaveLength(4);
  });

  it('updates an open issue in place when its content changed', async () => {
    await scan(problems);
    const changed = [...problems];
    changed[0] = buildWarehouse({
      ...problems[0],
      config: { auto_stop_mins: 0 },
      facts: { idleTailHours: 260 },
    } as never);
    const output = await scan(changed);
    expect(output).toMatch(/0 created, 1 updated, 0 resolved, 2 unchanged/);
    expect(mutations().filter((c) => c.method === 'PUT' && /^\/rest\/api\/3\/issue\/\d+$/.test(c.path))).toHaveLength(
      1,
    );
  });

  it('retries a 429 after Retry-After', async () => {
    fake.failNext('POST', /^\/rest\/api\/3\/search\/jql$/, 429, { 'Retry-After': '7' });
    const output = await scan(problems);
    expect(output).toMatch(/3 created/);
    expect(sleeps.some((ms) => ms >= 7000)).toBe(true);
  });

  it('stops before any write when the credentials are rejected', async () => {
    const file = join(dir, 'snap.json');
    await saveSnapshot(file, buildSnapshot(problems));
    const config = loaded('wrong-token');
    const svc = await services(config);
    await expect(
      scanCommand(
        config,
        svc,
        { snapshot: file, dryRun: false, json: false },
        { out: () => {}, err: () => {} },
        undefined,
      ),
    ).rejects.toThrow(AuthenticationError);
    await svc.close();
    expect(mutations()).toEqual([]);
    expect(logs.join('')).not.toContain('wrong-token');
  });

  it('writes nothing with --dry-run but still reads Jira', async () => {
    const output = await scan(problems, loaded(), { dryRun: true });
    expect(output).toMatch(/dry run: 3 findings, 3 created/);
    expect(mutations()).toEqual([]);
    expect(fake.calls().some((c) => c.path === '/rest/api/3/myself')).toBe(true);
  });

  it('a dry run without --out still compares the content of known issues: unchanged, and an update when it changed', async () => {
    await scan(problems);
    const written = mutations().length;
    expect(await scan(problems, loaded(), { dryRun: true })).toMatch(
      /dry run: 3 findings, 0 created, 0 updated, 0 resolved, 3 unchanged/,
    );
    const worse = [idleWarehouse(400), ...problems.slice(1)];
    expect(await scan(worse, loaded(), { dryRun: true })).toMatch(
      /dry run: 3 findings, 0 created, 1 updated, 0 resolved, 2 unchanged/,
    );
    expect(mutations()).toHaveLength(written);
  });

  it('never writes a secret to the logs', async () => {
    await scan(problems);
    expect(logs.join('')).not.toContain(TOKEN);
  });
});
