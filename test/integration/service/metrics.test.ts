import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createServices } from '../../../src/main.ts';
import { createMetrics } from '../../../src/server/metrics.ts';
import { type RunningServer, startServe } from '../../../src/service/start-serve.ts';
import {
  createFakeDatabricksWorkspace,
  IDLE_WAREHOUSE_ID,
  idleWarehouse,
} from '../../support/fake-databricks-workspace.ts';
import { createFakeJira, FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { approvedWebhookBody } from './approved-webhook.ts';
import { parseExposition } from './parse-exposition.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const JIRA_TOKEN = 'metrics-jira-token-c0ffee11';
const WEBHOOK_SECRET = 'metrics-webhook-secret-77ab';
const WAREHOUSE_ID = IDLE_WAREHOUSE_ID;
const RULE = 'warehouse-auto-stop-too-long';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('GET /metrics of lakewarden serve', () => {
  it('parses as Prometheus text and its counters move as a scan, a 429, webhooks and an approval happen; no secret in any log line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-metrics-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const jira = createFakeJira({ apiToken: JIRA_TOKEN, projectKey: 'FIN' });
    jira.state.now = Date.now() - 60_000; // the service runs on the real clock: approvals must be recent
    const dbx = createFakeDatabricksWorkspace();
    dbx.warehouses.set(WAREHOUSE_ID, idleWarehouse());
    msw.use(
      ...jira.handlers,
      ...dbx.handlers,
      http.all('http://127.0.0.1:*', () => passthrough()),
    );
    mkdirSync(join(dir, 'rules'));
    copyFileSync(join(ROOT, 'rules', `${RULE}.yaml`), join(dir, 'rules', `${RULE}.yaml`));
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
    const loaded: LoadedConfig = {
      config: LakewardenConfig.parse({
        jira: { projectKey: 'FIN' },
        routing: { teams: { payments: { assignee: 'dana.owner@example.com', displayName: 'Payments team' } } },
        rules: { directory: join(dir, 'rules'), templatesDirectory: join(ROOT, 'templates') },
        remediation: { dryRun: false },
        store: { sqlitePath: join(dir, 'lw.db') },
        scheduler: { scan: { cron: '0 0 1 1 *', snapshotPath: join(dir, 'snapshot.json') } },
        server: { host: '127.0.0.1' },
      }),
      env: readEnv({
        JIRA_BASE_URL: jira.baseUrl,
        JIRA_EMAIL: 'lakewarden-bot@example.com',
        JIRA_API_TOKEN: JIRA_TOKEN,
        JIRA_WEBHOOK_SECRET: WEBHOOK_SECRET,
        DATABRICKS_HOST: dbx.host,
        DATABRICKS_TOKEN: dbx.token,
      }),
      file: undefined,
      baseDir: dir,
    };
    const logs: string[] = [];
    const metrics = createMetrics();
    const services = await createServices(loaded, {
      callMetrics: metrics,
      sleep: async () => undefined,
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    cleanups.push(() => services.close());
    const running: RunningServer = await startServe(loaded, services, {
      version: 'test',
      port: 0,
      metrics,
    });
    cleanups.push(() => running.stop(5000));
    const scrape = async () => {
      const response = await fetch(`${running.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return parseExposition(await response.text());
    };

    // server.host chose the interface.
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const before = await scrape();
    // The default process metrics (prom-client collectDefaultMetrics).
    expect(before.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(before.types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(before.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(before.sum('process_start_time_seconds')).toBeGreaterThan(0);
    expect(before.types.get('lakewarden_scan_duration_seconds')).toBe('histogram');
    expect(before.sum('lakewarden_scans_total')).toBe(0);
    const jiraCallsBefore = before.sum('lakewarden_external_calls_total', { service: 'jira' });
    expect(jiraCallsBefore).toBeGreaterThanOrEqual(1); // /myself at start-up

    // The scan job (triggered through its node-cron task), with one rate-limited Jira search on the way.
    jira.failNext('POST', /\/rest\/api\/3\/search\/jql/, 429, { 'retry-after': '0' });
    const scan = await running.scheduler.execute('scan');
    expect(scan?.outcome, JSON.stringify(scan)).toBe('succeeded');
    const afterScan = await scrape();
    expect(afterScan.value('lakewarden_scans_total', { outcome: 'succeeded' })).toBe(1);
    expect(afterScan.value('lakewarden_scan_duration_seconds_count', { outcome: 'succeeded' })).toBe(1);
    expect(afterScan.value('lakewarden_job_runs_total', { job: 'scan', outcome: 'succeeded' })).toBe(1);
    expect(afterScan.sum('lakewarden_findings', { rule: RULE })).toBe(1);
    expect(afterScan.sum('lakewarden_external_calls_total', { service: 'jira' })).toBeGreaterThan(jiraCallsBefore);
    expect(afterScan.value('lakewarden_external_rate_limited_total', { service: 'jira' })).toBe(1);
    expect(afterScan.value('lakewarden_external_retries_total', { service: 'jira' })).toBe(1);
    expect(afterScan.value('lakewarden_estimated_savings_usd_per_month')).toBeGreaterThan(0);

    // The owner approves; Jira delivers the webhook twice and someone posts an unsigned one.
    const issue = jira.state.issues.find((i) => i.labels.includes(`lw-rule-${RULE}`));
    if (issue === undefined) throw new Error('the scan filed no issue');
    jira.transitionAs(issue.key, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    const body = approvedWebhookBody(jira, issue.id);
    const post = (headers: Record<string, string>) =>
      fetch(`${running.url}/webhooks/jira`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'm-1', ...headers },
        body,
      });
    expect((await post({ 'x-hub-signature': signBody(body, WEBHOOK_SECRET) })).status).toBe(202);
    expect((await post({ 'x-hub-signature': signBody(body, WEBHOOK_SECRET) })).status).toBeLessThan(300);
    expect((await post({})).status).toBe(401);
    await vi.waitFor(
      async () => expect((await scrape()).value('lakewarden_approvals_total', { outcome: 'executed' })).toBe(1),
      { timeout: 10_000 },
    );
    const afterApproval = await scrape();
    expect(afterApproval.value('lakewarden_webhook_deliveries_total', { outcome: 'accepted' })).toBe(1);
    expect(afterApproval.value('lakewarden_webhook_deliveries_total', { outcome: 'duplicate' })).toBe(1);
    expect(afterApproval.value('lakewarden_webhook_deliveries_total', { outcome: 'invalid_signature' })).toBe(1);
    expect(
      afterApproval.sum('lakewarden_external_calls_total', {
        service: 'databricks',
        endpoint: 'POST /api/2.0/sql/warehouses/:id/edit',
        status: '200',
      }),
    ).toBe(1);
    expect(
      afterApproval.value('lakewarden_actions_by_strategy', { strategy: 'warehouse-auto-stop', state: 'verified' }),
    ).toBe(1);
    expect(dbx.appliedWrites()).toHaveLength(1);

    await running.stop(5000);
    const text = logs.join('\n');
    expect(text).toContain('job finished');
    for (const secret of [JIRA_TOKEN, WEBHOOK_SECRET, dbx.token]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
