import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createServices } from '../../../src/main.ts';
import { startServe } from '../../../src/service/start-serve.ts';
import { createFakeJira } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(intake: 'webhook' | 'poll' | 'both', webhookSecret: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-intake-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const jira = createFakeJira({ apiToken: 'the-right-token-1234', projectKey: 'FIN' });
  msw.use(
    ...jira.handlers,
    http.all('http://127.0.0.1:*', () => passthrough()),
  );
  const loaded: LoadedConfig = {
    config: LakewardenConfig.parse({
      jira: { projectKey: 'FIN' },
      approvals: { intake },
      store: { sqlitePath: join(dir, 'lw.db') },
      service: { databricksCheckTimeoutSeconds: 1 },
    }),
    env: readEnv({
      JIRA_BASE_URL: jira.baseUrl,
      JIRA_EMAIL: 'lakewarden-bot@example.com',
      JIRA_API_TOKEN: 'the-right-token-1234',
      ...(webhookSecret === undefined ? {} : { JIRA_WEBHOOK_SECRET: webhookSecret }),
      DATABRICKS_HOST: 'http://127.0.0.1:9',
      DATABRICKS_TOKEN: 'dapi-intake-token-0000',
    }),
    file: undefined,
    baseDir: dir,
  };
  const logs: Array<Record<string, unknown>> = [];
  const services = await createServices(loaded, {
    sleep: async () => undefined,
    logDestination: new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line !== '') logs.push(JSON.parse(line));
        done();
      },
    }),
  });
  cleanups.push(() => services.close());
  return { loaded, services, logs, jira };
}

describe('serve with approvals.intake (issue 13 item 7)', () => {
  it('intake: poll starts without JIRA_WEBHOOK_SECRET, does not serve the webhook route and schedules the poll', async () => {
    const { loaded, services, logs } = await setup('poll', undefined);
    const running = await startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' });
    cleanups.push(() => running.stop(1000));
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const post = await fetch(`${running.url}/webhooks/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'd-1' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    expect((await fetch(`${running.url}/webhooks/jira/automation`, { method: 'POST' })).status).toBe(404);
    const started = logs.find((l) => l.msg === 'scheduler started');
    expect(JSON.stringify(started)).toContain('approval-poll');
    expect(logs.some((l) => l.job === 'approval-poll' && l.msg === 'scheduled job not scheduled')).toBe(false);
  });

  it('intake: both and webhook still refuse to start without a webhook secret (exit 2 naming it)', async () => {
    for (const intake of ['both', 'webhook'] as const) {
      const { loaded, services } = await setup(intake, undefined);
      const start = startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' });
      await expect(start).rejects.toBeInstanceOf(ConfigError);
      await expect(startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' })).rejects.toThrow(
        /JIRA_WEBHOOK_SECRET is not set/,
      );
    }
  });

  it('intake: both serves the webhook route (a bad signature is 401, not 404) and schedules the poll', async () => {
    const { loaded, services, logs } = await setup('both', 'intake-secret-5678');
    const running = await startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' });
    cleanups.push(() => running.stop(1000));
    const post = await fetch(`${running.url}/webhooks/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature': 'sha256=00' },
      body: '{}',
    });
    expect(post.status).toBe(401);
    expect(JSON.stringify(logs.find((l) => l.msg === 'scheduler started'))).toContain('approval-poll');
  });
});
