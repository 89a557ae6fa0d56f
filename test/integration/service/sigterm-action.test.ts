import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createApprovalPorts } from '../../../src/store/approval-ports/create-approval-ports.ts';
import { createStore } from '../../../src/store/create-store.ts';
import {
  createFakeDatabricksWorkspace,
  type FakeDatabricksWorkspace,
  IDLE_WAREHOUSE_ID,
  idleWarehouse,
} from '../../support/fake-databricks-workspace.ts';
import { createFakeJira, FAKE_OWNER_ACCOUNT_ID, type FakeJira } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { approvedWebhookBody } from './approved-webhook.ts';
import { startLoopbackFake } from './loopback-fakes.ts';
import { listeningUrl, type ServeProcess, spawnServe } from './serve-process.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const JIRA_TOKEN = 'sigterm-jira-token-91ac4e';
const WEBHOOK_SECRET = 'sigterm-webhook-secret-5d21';
const WAREHOUSE_ID = IDLE_WAREHOUSE_ID;
const EDIT_PATH = `/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A deferred the loopback Databricks waits on before answering the warehouse edit. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = { reached: false };
  return {
    open,
    opened,
    arrived: () => {
      state.reached = true;
    },
    state,
  };
}

interface World {
  dir: string;
  jira: FakeJira;
  dbx: FakeDatabricksWorkspace;
  env: Record<string, string>;
  editGate: ReturnType<typeof gate>;
  start(name: string): ServeProcess;
  webhookBody(issueId: string): string;
}

async function world(graceSeconds: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-sigterm-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let jira: FakeJira | undefined;
  const jiraServer = await startLoopbackFake(() => jira?.handlers ?? []);
  cleanups.push(jiraServer.close);
  jira = createFakeJira({ baseUrl: jiraServer.url, apiToken: JIRA_TOKEN, projectKey: 'FIN' });
  // The child processes use the real clock: the fake's changelog timestamps must be recent, or the approval is stale.
  jira.state.now = Date.now() - 60_000;
  const editGate = gate();
  let dbx: FakeDatabricksWorkspace | undefined;
  const dbxServer = await startLoopbackFake(() => dbx?.handlers ?? [], {
    async beforeRespond(request) {
      if (request.method === 'POST' && new URL(request.url).pathname === EDIT_PATH) {
        editGate.arrived();
        await editGate.opened;
      }
    },
  });
  cleanups.push(dbxServer.close);
  dbx = createFakeDatabricksWorkspace({ host: dbxServer.url });
  dbx.warehouses.set(WAREHOUSE_ID, idleWarehouse());
  mkdirSync(join(dir, 'rules'));
  copyFileSync(
    join(ROOT, 'rules', 'warehouse-auto-stop-too-long.yaml'),
    join(dir, 'rules', 'warehouse-auto-stop-too-long.yaml'),
  );
  writeFileSync(
    join(dir, 'snapshot.json'),
    JSON.stringify(
      buildSnapshot([
        buildWarehouse({
          id: WAREHOUSE_ID,
          name: 'payments-sql',
          tags: { team: 'payments', owner: 'payments', cost_center: 'cc-1' },
          config: { auto_stop_mins: 0, state: 'RUNNING' },
          facts: { idleTailHours: 200 },
        }),
      ]),
    ),
  );
  writeFileSync(
    join(dir, 'lakewarden.yaml'),
    [
      'jira:',
      '  projectKey: FIN',
      'routing:',
      '  teams:',
      '    payments:',
      '      assignee: dana.owner@example.com',
      '      displayName: Payments team',
      'rules:',
      `  directory: ${join(dir, 'rules')}`,
      `  templatesDirectory: ${join(ROOT, 'templates')}`,
      'remediation:',
      '  dryRun: false',
      'store:',
      `  sqlitePath: ${join(dir, 'lw.db')}`,
      'service:',
      `  shutdownGraceSeconds: ${graceSeconds}`,
      'scheduler:',
      '  scan:',
      "    cron: '0 0 1 1 *'",
      '    snapshotPath: snapshot.json',
    ].join('\n'),
  );
  const env = {
    LAKEWARDEN_CONFIG: join(dir, 'lakewarden.yaml'),
    JIRA_BASE_URL: jiraServer.url,
    JIRA_EMAIL: 'lakewarden-bot@example.com',
    JIRA_API_TOKEN: JIRA_TOKEN,
    JIRA_PROJECT_KEY: 'FIN',
    JIRA_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DATABRICKS_HOST: dbxServer.url,
    DATABRICKS_TOKEN: dbx.token,
    LOG_LEVEL: 'info',
  };
  msw.use(http.all('http://127.0.0.1:*', () => passthrough()));
  const fakeJira = jira;
  return {
    dir,
    jira: fakeJira,
    dbx,
    env,
    editGate,
    start(name) {
      const p = spawnServe(name, env, ['serve', '--port', '0']);
      cleanups.push(async () => {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await p.exited;
      });
      return p;
    },
    webhookBody: (issueId) => approvedWebhookBody(fakeJira, issueId),
  };
}

/** `serve --once` files the issue (the scan job); the owner approves it; a `serve` receives the signed webhook. */
async function approveThroughServe(w: World): Promise<{ server: ServeProcess; url: string; once: ServeProcess }> {
  const once = spawnServe('once', w.env, ['serve', '--once']);
  cleanups.push(async () => {
    if (once.child.exitCode === null) once.child.kill('SIGKILL');
  });
  expect(await once.exited, once.raw.join('\n')).toBe(0);
  expect(once.raw.join('\n')).toContain('lakewarden serve --once: scan succeeded');
  const issue = w.jira.state.issues.find((i) => i.labels.includes('lw-rule-warehouse-auto-stop-too-long'));
  if (issue === undefined) throw new Error(`serve --once filed no issue:\n${once.raw.join('\n')}`);
  w.jira.transitionAs(issue.key, FAKE_OWNER_ACCOUNT_ID, 'Approved');
  const server = w.start('first');
  await vi.waitFor(() => expect(listeningUrl(server), server.raw.join('\n')).toBeDefined(), { timeout: 20_000 });
  const url = listeningUrl(server) ?? '';
  await vi.waitFor(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeout: 10_000 });
  const body = w.webhookBody(issue.id);
  const response = await fetch(`${url}/webhooks/jira`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': 'sigterm-delivery-1',
      'x-hub-signature': signBody(body, WEBHOOK_SECRET),
    },
    body,
  });
  expect(response.status).toBe(202);
  return { server, url, once };
}

async function actionStates(w: World): Promise<string[]> {
  const store = await createStore({ sqlitePath: join(w.dir, 'lw.db') });
  try {
    const ports = createApprovalPorts(store);
    const all = await ports.actions.listByStates(['queued', 'applying', 'verifying', 'verified', 'failed', 'refused']);
    return all.map((a) => a.state);
  } finally {
    await store.close();
  }
}

async function writeOnTheWire(w: World, server: ServeProcess): Promise<void> {
  await vi.waitFor(() => expect(w.editGate.state.reached, server.raw.join('\n')).toBe(true), { timeout: 20_000 });
}

function edits(w: World) {
  return w.dbx.appliedWrites().filter((c) => c.path === EDIT_PATH);
}

describe('SIGTERM during an action (child processes, SQLite)', () => {
  it('finishes the in-flight action within the grace period: one write, verified, exit 0', async () => {
    const w = await world(20);
    const { server } = await approveThroughServe(w);
    await writeOnTheWire(w, server); // the write is on the wire
    server.child.kill('SIGTERM');
    await vi.waitFor(() => expect(server.raw.join('\n')).toContain('stopping'), { timeout: 10_000 });
    w.editGate.open();
    expect(await server.exited, server.raw.join('\n')).toBe(0);
    expect(edits(w)).toHaveLength(1);
    expect(await actionStates(w)).toEqual(['verified']);
    expect(server.logs.some((l) => l.msg === 'lakewarden serve stopped')).toBe(true);
    expect(server.raw.join('\n')).toContain('SQLite store: run exactly one replica');
  }, 90_000);

  it('parks the action when the grace runs out and resumes it after restart by reading back: still one write', async () => {
    const w = await world(1);
    const { server, once } = await approveThroughServe(w);
    await writeOnTheWire(w, server);
    server.child.kill('SIGTERM');
    expect(await server.exited, server.raw.join('\n')).toBe(0);
    expect(await actionStates(w)).toEqual(['applying']); // write-ahead record left in flight
    w.editGate.open(); // the write lands after the process is gone (outcome unknown to lakewarden)
    await vi.waitFor(() => expect(edits(w)).toHaveLength(1), { timeout: 10_000 });
    const restarted = w.start('restarted');
    await vi.waitFor(() => expect(restarted.logs.some((l) => l.msg === 'lakewarden serve ready')).toBe(true), {
      timeout: 20_000,
    });
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(restarted.logs.some((l) => l.msg === 'Action recovered' && l.state === 'verified')).toBe(true);
    expect(edits(w)).toHaveLength(1);
    expect(await actionStates(w)).toEqual(['verified']);
    // Every log line of the scan (serve --once), the approval and the recovery: no secret value.
    const log = [...once.raw, ...server.raw, ...restarted.raw].join('\n');
    expect(log).toContain('Action recovered');
    for (const secret of [JIRA_TOKEN, WEBHOOK_SECRET, w.dbx.token]) expect(log).not.toContain(secret);
  }, 90_000);
});
