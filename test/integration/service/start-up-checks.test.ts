import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createServices } from '../../../src/main.ts';
import { startServe } from '../../../src/service/start-serve.ts';
import { createFakeJira } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(apiToken: string) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-startup-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const jira = createFakeJira({ apiToken: 'the-right-token-1234', projectKey: 'FIN' });
  // Databricks host that refuses connections (nothing listens on port 9 of loopback).
  msw.use(
    ...jira.handlers,
    http.all('http://127.0.0.1:*', () => passthrough()),
  );
  const loaded: LoadedConfig = {
    config: LakewardenConfig.parse({
      jira: { projectKey: 'FIN' },
      store: { sqlitePath: join(dir, 'lw.db') },
      service: { databricksCheckTimeoutSeconds: 2 },
    }),
    env: readEnv({
      JIRA_BASE_URL: jira.baseUrl,
      JIRA_EMAIL: 'lakewarden-bot@example.com',
      JIRA_API_TOKEN: apiToken,
      JIRA_WEBHOOK_SECRET: 'startup-secret-5678',
      DATABRICKS_HOST: 'http://127.0.0.1:9',
      DATABRICKS_TOKEN: 'dapi-startup-token-0000',
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
  return { loaded, services, logs };
}

describe('serve start-up checks', () => {
  it('is fatal when Jira rejects the credentials (/myself), before listening', async () => {
    const { loaded, services, logs } = await setup('a-wrong-token-9999');
    await expect(startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /401|credentials|rejected/i,
    );
    expect(logs.some((l) => l.msg === 'lakewarden serve ready')).toBe(false);
  });

  it('only warns when Databricks is unreachable, then becomes ready with the scheduler running', async () => {
    const { loaded, services, logs } = await setup('the-right-token-1234');
    const running = await startServe(loaded, services, { version: 'test', port: 0, host: '127.0.0.1' });
    cleanups.push(() => running.stop(1000));
    const warning = logs.find((l) => l.check === 'databricks');
    expect(warning).toMatchObject({ level: 'warn', ok: false });
    expect(JSON.stringify(logs)).not.toContain('dapi-startup-token-0000');
    expect(logs.some((l) => l.msg === 'scheduler started')).toBe(true);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    await running.stop(1000);
    expect(logs.some((l) => l.msg === 'lakewarden serve stopped')).toBe(true);
  });
});
