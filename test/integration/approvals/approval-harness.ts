import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import type { AiTables } from '../../../src/ai/ai-tables.ts';
import type { PollResult } from '../../../src/approvals/poll-intake.ts';
import { scanCommand } from '../../../src/commands/scan-command.ts';
import { readEnv, secretValues } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { createWorkspaceApi } from '../../../src/databricks/rest/write/create-workspace-api.ts';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import { createDataCenterHttp } from '../../../src/jira-datacenter/datacenter-http.ts';
import { createDataCenterIssueTracker } from '../../../src/jira-datacenter/datacenter-issue-tracker.ts';
import { createLogger } from '../../../src/logging/create-logger.ts';
import { createScrubber } from '../../../src/logging/scrub-secrets.ts';
import { createServices } from '../../../src/main.ts';
import { ACTION_STATES } from '../../../src/remediation/action-machine.ts';
import type { Transact } from '../../../src/remediation/ports.ts';
import type { WorkspaceApi } from '../../../src/remediation/workspace-api.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { createApp } from '../../../src/server/create-app.ts';
import { createMetrics } from '../../../src/server/metrics.ts';
import { type ApprovalRuntime, createApprovalRuntime } from '../../../src/service/create-approval-runtime.ts';
import { createPollIntake } from '../../../src/service/create-poll-intake.ts';
import { saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import type { Resource } from '../../../src/snapshot/schema.ts';
import { type ApprovalPorts, createApprovalPorts } from '../../../src/store/approval-ports/create-approval-ports.ts';
import { readLevels } from '../../../src/store/approval-ports/read-levels.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import {
  createFakeDatabricksWorkspace,
  type FakeDatabricksWorkspace,
  IDLE_WAREHOUSE_ID,
  idleWarehouse,
} from '../../support/fake-databricks-workspace.ts';
import { defaultWorkflow } from '../../support/fake-jira/default-workflow.ts';
import {
  createFakeJira,
  FAKE_BOT_ACCOUNT_ID,
  FAKE_DC_BOT,
  FAKE_SAVINGS_FIELD,
  type FakeJira,
  type FakeUser,
  type FakeWorkflow,
} from '../../support/fake-jira.ts';
import { createTestAiServices } from '../../support/fake-vertex-ai.ts';
import { server as msw } from '../../support/msw.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
export const JIRA_TOKEN = 'jira-api-token-e2e-Sup3rS3cret';
export const WEBHOOK_SECRET = 'webhook-secret-e2e-Hush9f2c';
export const WAREHOUSE_ID = IDLE_WAREHOUSE_ID;

const fixtureDir = new URL('../../fixtures/jira/', import.meta.url);
const approvedFixture = JSON.parse(
  readFileSync(new URL('webhook-cloud-issue-updated-status-approved.json', fixtureDir), 'utf8'),
) as Record<string, unknown>;
const dcFixture = JSON.parse(
  readFileSync(new URL('webhook-dc-issue-updated-status-closed.json', fixtureDir), 'utf8'),
) as Record<string, unknown>;
const approvedHeaders = JSON.parse(
  readFileSync(new URL('webhook-cloud-issue-updated-status-approved.headers.json', fixtureDir), 'utf8'),
) as Record<string, string>;

export interface Harness {
  dir: string;
  jira: FakeJira;
  dbx: FakeDatabricksWorkspace;
  store: OpenedStore;
  ports: ApprovalPorts;
  /** The harness configuration (as lakewarden.yaml + env would give it). */
  loaded: LoadedConfig;
  runtime: ApprovalRuntime;
  url: string;
  /** Every log line written by the scan, the app, the worker and the relay. */
  logs: string[];
  /** Waits requested from the Databricks and Jira clients (nothing really waits). */
  sleeps: number[];
  killSwitch: { on: boolean };
  /**
   * Scans a snapshot with one idle warehouse (auto_stop_mins 0, a daily cost series) and returns the filed issue's
   * id and key; with `resources` and `ruleId`, scans those resources and returns the issue of that rule (the rule
   * must be in `HarnessOptions.rules`). `withAi`: the scan runs with AI services (fake Vertex auth), so it keeps
   * the `/lakewarden ask` data.
   */
  scan(options?: {
    resources?: Resource[];
    ruleId?: string;
    withAi?: boolean;
  }): Promise<{ issueId: string; issueKey: string }>;
  /** The webhook body Jira sends for the latest status change of the issue (Cloud format, as the fixture). */
  webhookBody(issueId: string): string;
  /** POSTs a signed delivery to the real app. */
  deliver(body: string, deliveryId?: string, extraHeaders?: Record<string, string>): Promise<Response>;
  /** Runs the worker until the inbox is idle, then the relay until the outbox is empty. */
  drain(): Promise<void>;
  /** One run of the polling intake (as `serve` wires it) on the harness clock. */
  poll(): Promise<PollResult>;
  /** Secret values (Jira token, webhook secret, Databricks token, `Bearer …`) found in any log line or Jira text so far. */
  secretLeaks(): string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  dryRun?: boolean;
  sqlitePath?: string;
  /** Wraps the real WorkspaceApi (e.g. to flip the kill switch after a read, or to simulate a crash). */
  wrapApi?: (api: WorkspaceApi, harness: { killSwitch: { on: boolean } }) => WorkspaceApi;
  /** Returns true to crash the process inside the n-th action step transaction (rolled back, then throws). */
  crashAtStep?: (step: number) => boolean;
  /** The fake Jira's workflow and extra users (default: the lakewarden workflow, bot and owner). */
  workflow?: FakeWorkflow;
  users?: FakeUser[];
  /** `remediation:` settings merged over the harness defaults (dry-run off). */
  remediation?: Record<string, unknown>;
  /** Extra rule ids (files under rules/) besides warehouse-auto-stop-too-long. */
  rules?: string[];
  /** `routing.users` (email → Jira accountId). */
  routingUsers?: Record<string, string>;
  /** `approvals:` settings (intake, poll, snooze). */
  approvals?: Record<string, unknown>;
  /**
   * `datacenter`: Jira Data Center (the fake's DC flavour, `jira.deployment: datacenter`, JIRA_PAT, the DC
   * adapter; webhook bodies carry the user by name/key as Data Center sends them). Default `cloud`.
   */
  flavour?: 'cloud' | 'datacenter';
}

/** The default workflow plus "Rollback Requested" (from Done, and back to Done). */
export function workflowWithRollback(): FakeWorkflow {
  const base = defaultWorkflow();
  return {
    ...base,
    statuses: [
      ...base.statuses,
      { id: '10103', name: 'Rollback Requested', category: 'indeterminate' },
      { id: '10104', name: 'Rolled Back', category: 'done' },
    ],
    transitions: [
      ...base.transitions,
      { id: '81', name: 'Request rollback', from: ['Done'], to: 'Rollback Requested' },
      { id: '91', name: 'Rolled back', from: ['Rollback Requested', 'Done'], to: 'Rolled Back' },
    ],
  };
}

/** Every action state, for listing all actions. */
export const ALL_ACTION_STATES = ACTION_STATES;

/** The Databricks writes that changed the harness warehouse. */
export function warehouseEdits(h: Pick<Harness, 'dbx'>) {
  return h.dbx.appliedWrites().filter((c) => c.path === `/api/2.0/sql/warehouses/${WAREHOUSE_ID}/edit`);
}

/** The error a simulated crash throws (the transaction of that step is rolled back). */
export class SimulatedCrash extends Error {}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-approvals-'));
  const flavour = options.flavour ?? 'cloud';
  const jira = createFakeJira({
    flavour,
    apiToken: JIRA_TOKEN,
    projectKey: 'FIN',
    ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
    ...(options.users === undefined ? {} : { users: options.users }),
  });
  const dbx = createFakeDatabricksWorkspace();
  msw.use(...jira.handlers, ...dbx.handlers);
  dbx.warehouses.set(WAREHOUSE_ID, idleWarehouse());
  const logs: string[] = [];
  const sleeps: number[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  const sqlitePath = options.sqlitePath ?? join(dir, 'lw.db');
  // Only the rule under test: the scan then does not depend on the rest of the catalogue.
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir);
  for (const rule of ['warehouse-auto-stop-too-long', ...(options.rules ?? [])]) {
    copyFileSync(join(ROOT, 'rules', `${rule}.yaml`), join(rulesDir, `${rule}.yaml`));
  }
  const config = LakewardenConfig.parse({
    jira: { deployment: flavour, projectKey: 'FIN', fields: { estimatedSavings: FAKE_SAVINGS_FIELD } },
    routing: {
      teams: { payments: { assignee: 'dana.owner@example.com', displayName: 'Payments team' } },
      users: options.routingUsers ?? {},
    },
    rules: { directory: rulesDir, templatesDirectory: join(ROOT, 'templates') },
    store: { sqlitePath },
    remediation: { dryRun: options.dryRun ?? false, ...options.remediation },
    ...(options.approvals === undefined ? {} : { approvals: options.approvals }),
  });
  const env = readEnv({
    JIRA_BASE_URL: jira.baseUrl,
    ...(flavour === 'cloud'
      ? { JIRA_EMAIL: 'lakewarden-bot@example.com', JIRA_API_TOKEN: JIRA_TOKEN }
      : { JIRA_PAT: JIRA_TOKEN }),
    JIRA_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DATABRICKS_HOST: dbx.host,
    DATABRICKS_TOKEN: dbx.token,
  });
  const loaded: LoadedConfig = { config, env, file: undefined, baseDir: ROOT };
  const scrub = createScrubber(secretValues(env));
  const logger = createLogger({ level: 'debug', scrub, destination });
  const store = await createStore({ sqlitePath });
  const now = () => new Date(jira.state.now + 5000);
  const basePorts = createApprovalPorts(store, now);
  let stepCount = 0;
  const transact: Transact = (work) =>
    basePorts.transact(async (inner) => {
      const result = await work(inner);
      stepCount++;
      if (options.crashAtStep?.(stepCount) === true) throw new SimulatedCrash(`simulated crash in step ${stepCount}`);
      return result;
    });
  const ports = { ...basePorts, transact };
  const retry = { maxRetries: 3, sleep, random: () => 0.5 };
  const tracker =
    flavour === 'cloud'
      ? createJiraIssueTracker({
          context: {
            client: createJiraClient({
              baseUrl: jira.baseUrl,
              email: 'lakewarden-bot@example.com',
              apiToken: JIRA_TOKEN,
              onSchemaMismatch: logger,
            }),
            retry,
          },
          projectKey: 'FIN',
          jira: config.jira,
        })
      : createDataCenterIssueTracker({
          http: createDataCenterHttp({ baseUrl: jira.baseUrl, auth: { type: 'pat', token: JIRA_TOKEN }, retry }),
          projectKey: 'FIN',
          jira: config.jira,
        });
  const botAccountId = flavour === 'cloud' ? FAKE_BOT_ACCOUNT_ID : FAKE_DC_BOT;
  const jiraPort = tracker;
  const killSwitch = { on: false };
  const realApi = createWorkspaceApi({
    host: dbx.host,
    auth: createPatTokenProvider(dbx.token),
    version: '0.1.0-test',
    sleep,
    random: () => 0.5,
    timeoutMs: 300,
  });
  const api = options.wrapApi === undefined ? realApi : options.wrapApi(realApi, { killSwitch });
  const runtime = createApprovalRuntime({
    ports,
    jira: jiraPort,
    api,
    plans: store,
    rules: () => loadRules(rulesDir, config.rules),
    remediation: config.remediation,
    statuses: config.jira.statuses,
    botAccountId,
    approverIdentity: { users: tracker, routingUsers: config.routing.users },
    isKillSwitchOn: () => killSwitch.on,
    scrub,
    log: logger,
    now,
    random: () => 0.5,
    sleep,
    backoff: { baseMs: 0, maxMs: 0 },
    snooze: { section: config.approvals.snooze, recordSnooze: (record) => store.upsertSnooze(record) },
  });
  const app = createApp({
    inbox: ports.inbox,
    webhookSecrets: [WEBHOOK_SECRET],
    automationSecret: undefined,
    bodyLimitBytes: config.server.bodyLimitBytes,
    logger,
    now,
    readiness: { pingStore: () => store.ping(), configLoaded: () => true },
    metrics: createMetrics(() => readLevels(store)),
  });
  const httpServer: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => httpServer.once('listening', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  msw.use(http.all(`${url}/*`, () => passthrough()));

  return {
    dir,
    jira,
    dbx,
    store,
    ports,
    loaded,
    runtime,
    url,
    logs,
    sleeps,
    killSwitch,
    async scan(target) {
      const file = join(dir, `snapshot-${randomUUID()}.json`);
      await saveSnapshot(
        file,
        buildSnapshot(
          target?.resources ?? [
            buildWarehouse({
              id: WAREHOUSE_ID,
              name: 'payments-sql',
              tags: { team: 'payments', owner: 'payments', cost_center: 'cc-1' },
              config: { auto_stop_mins: 0, state: 'RUNNING' },
              facts: { idleTailHours: 200 },
              series: { costUsd: [41.25, 39.8, 44.1, 40.05] },
            }),
          ],
        ),
      );
      const services = await createServices(loaded, { logDestination: destination, sleep });
      if (target?.withAi === true)
        services.ai = createTestAiServices((await services.store.open()).db.withTables<AiTables>());
      const out: string[] = [];
      try {
        await scanCommand(
          loaded,
          services,
          { snapshot: file, dryRun: false, json: false },
          { out: (t) => out.push(t), err: (t) => out.push(t) },
          undefined,
        );
      } finally {
        await services.close();
      }
      const ruleId = target?.ruleId ?? 'warehouse-auto-stop-too-long';
      const issue = jira.state.issues.find((i) => i.labels.includes(`lw-rule-${ruleId}`));
      if (issue === undefined) throw new Error(`scan filed no ${ruleId} issue:\n${out.join('\n')}`);
      return { issueId: issue.id, issueKey: issue.key };
    },
    webhookBody(issueId) {
      const issue = jira.state.issues.find((i) => i.id === issueId);
      const entry = issue?.changelog.at(-1);
      if (issue === undefined || entry === undefined) throw new Error(`no changelog on ${issueId}`);
      const fixtureIssue = approvedFixture.issue as Record<string, unknown>;
      const user = jira.state.users.find((u) => u.accountId === entry.authorAccountId);
      // Data Center names the user by name/key (fixtures/jira/webhook-dc-issue-updated-status-closed.json).
      const actor =
        flavour === 'cloud'
          ? { ...(approvedFixture.user as object), accountId: entry.authorAccountId, displayName: user?.displayName }
          : {
              ...(dcFixture.user as object),
              name: entry.authorAccountId,
              key: entry.authorAccountId,
              displayName: user?.displayName,
            };
      return JSON.stringify({
        ...(flavour === 'cloud' ? approvedFixture : dcFixture),
        timestamp: Date.parse(entry.created.replace('+0000', 'Z')),
        user: actor,
        issue: { ...fixtureIssue, id: issue.id, key: issue.key, self: `${jira.baseUrl}/rest/api/2/issue/${issue.id}` },
        changelog: { id: entry.id, items: entry.items },
      });
    },
    deliver(body, deliveryId = randomUUID(), extraHeaders = {}) {
      return fetch(`${url}/webhooks/jira`, {
        method: 'POST',
        headers: {
          'user-agent': approvedHeaders['user-agent'] ?? 'Atlassian Webhook HTTP Client',
          'content-type': approvedHeaders['content-type'] ?? 'application/json',
          'x-atlassian-webhook-identifier': deliveryId,
          'x-atlassian-webhook-flow': approvedHeaders['x-atlassian-webhook-flow'] ?? 'Primary',
          'x-hub-signature': signBody(body, WEBHOOK_SECRET),
          ...extraHeaders,
        },
        body,
      });
    },
    poll: createPollIntake({
      config,
      tracker,
      jira: jiraPort,
      inbox: ports.inbox,
      store,
      botAccountId,
      askCommand: undefined,
      now,
    }),
    async drain() {
      for (let i = 0; i < 200; i++) if ((await runtime.workOnce()).kind === 'idle') break;
      for (let i = 0; i < 50; i++) if ((await runtime.relayOnce()) === 0) break;
    },
    secretLeaks() {
      const text = `${logs.join('\n')}\n${JSON.stringify(jira.state.issues)}`;
      const found = [JIRA_TOKEN, WEBHOOK_SECRET, dbx.token].filter((secret) => text.includes(secret));
      return /Bearer [A-Za-z0-9]/.test(text) ? [...found, 'Bearer …'] : found;
    },
    async close() {
      await runtime.stop();
      await new Promise((resolve) => httpServer.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
