import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { serveCommand } from '../../../src/commands/serve-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { signBody } from '../../../src/intake/verify-signature.ts';
import { createServices } from '../../../src/main.ts';
import { createFakeDatabricksWorkspace } from '../../support/fake-databricks-workspace.ts';
import { createFakeJira } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-serve-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('lakewarden serve', () => {
  it('refuses to start without JIRA_WEBHOOK_SECRET: exit 2 naming it', async () => {
    vi.stubEnv('JIRA_WEBHOOK_SECRET', '');
    const file = join(dir, 'lakewarden.yaml');
    writeFileSync(file, `store:\n  sqlitePath: ${join(dir, 'lw.db')}\n`);
    const err: string[] = [];
    const code = await runCli(['--config', file, 'serve', '--port', '0'], {
      out: () => undefined,
      err: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('JIRA_WEBHOOK_SECRET');
  });

  it('starts, accepts a signed delivery, answers health checks, and drains on SIGTERM', async () => {
    const jira = createFakeJira({ apiToken: 'serve-token-1234', projectKey: 'FIN' });
    const dbx = createFakeDatabricksWorkspace();
    msw.use(
      ...jira.handlers,
      ...dbx.handlers,
      http.all('http://127.0.0.1:*', () => passthrough()),
    );
    const secret = 'serve-secret-5678';
    const loaded: LoadedConfig = {
      config: LakewardenConfig.parse({
        jira: { projectKey: 'FIN' },
        rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
        store: { sqlitePath: join(dir, 'lw.db') },
      }),
      env: readEnv({
        JIRA_BASE_URL: jira.baseUrl,
        JIRA_EMAIL: 'lakewarden-bot@example.com',
        JIRA_API_TOKEN: 'serve-token-1234',
        JIRA_WEBHOOK_SECRET: secret,
        DATABRICKS_HOST: dbx.host,
        DATABRICKS_TOKEN: dbx.token,
      }),
      file: undefined,
      baseDir: ROOT,
    };
    const logs: string[] = [];
    const services = await createServices(loaded, {
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    const signals = new EventEmitter();
    const err: string[] = [];
    const running = serveCommand(loaded, services, { out: () => undefined, err: (t) => err.push(t) }, signals, {
      version: 'test',
      port: 0,
    });
    await vi.waitFor(() => expect(err.join('\n')).toMatch(/listening on http:\/\/[^ ]+:\d+/), { timeout: 5000 });
    const url = /listening on (http:\/\/\S+)/.exec(err.join('\n'))?.[1]?.replace('0.0.0.0', '127.0.0.1') ?? '';
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const body = JSON.stringify({
      webhookEvent: 'jira:issue_updated',
      user: { accountId: 'someone' },
      issue: { id: '999', key: 'FIN-999' },
      changelog: {
        id: '1',
        items: [{ field: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'Approved' }],
      },
    });
    const unsigned = await fetch(`${url}/webhooks/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'd-1' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const accepted = await fetch(`${url}/webhooks/jira`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-atlassian-webhook-identifier': 'd-1',
        'x-hub-signature': signBody(body, secret),
      },
      body,
    });
    expect(accepted.status).toBe(202);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('lakewarden_webhook_deliveries_total{outcome="accepted"} 1');
    expect(metrics).toContain('lakewarden_webhook_deliveries_total{outcome="invalid_signature"} 1');
    // The worker picks it up (the issue does not exist in Jira → deferred for retry, nothing written).
    await vi.waitFor(
      async () => {
        const row = await (await services.store.open()).db
          .selectFrom('inbox')
          .select(['status', 'attempts'])
          .executeTakeFirst();
        expect(Number(row?.attempts)).toBeGreaterThanOrEqual(1);
      },
      { timeout: 5000 },
    );
    signals.emit('SIGTERM');
    await running;
    expect(err.join('\n')).toContain('stopping');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(dbx.appliedWrites()).toHaveLength(0);
    expect(logs.join('\n')).not.toContain(secret);
    await services.close();
  });
});
