import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/commands/serve-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createServices } from '../../../src/main.ts';
import { createFakeDatabricksWorkspace } from '../../support/fake-databricks-workspace.ts';
import { createFakeJira } from '../../support/fake-jira.ts';
import { server as msw } from '../../support/msw.ts';
import { buildSnapshot } from '../../support/resource-builders.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function once(snapshotFile: string): Promise<{ code: number; err: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-once-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'empty.json'), JSON.stringify(buildSnapshot([])));
  const jira = createFakeJira({ apiToken: 'once-token-1234', projectKey: 'FIN' });
  const dbx = createFakeDatabricksWorkspace();
  msw.use(...jira.handlers, ...dbx.handlers);
  const loaded: LoadedConfig = {
    config: LakewardenConfig.parse({
      jira: { projectKey: 'FIN' },
      rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
      store: { sqlitePath: join(dir, 'lw.db') },
      scheduler: { scan: { snapshotPath: join(dir, snapshotFile) } },
    }),
    env: readEnv({
      JIRA_BASE_URL: jira.baseUrl,
      JIRA_EMAIL: 'lakewarden-bot@example.com',
      JIRA_API_TOKEN: 'once-token-1234',
      JIRA_WEBHOOK_SECRET: 'once-secret-5678',
      DATABRICKS_HOST: dbx.host,
      DATABRICKS_TOKEN: dbx.token,
    }),
    file: undefined,
    baseDir: dir,
  };
  const services = await createServices(loaded, {
    logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  cleanups.push(() => services.close());
  const err: string[] = [];
  const signals = { once: () => undefined, off: () => undefined };
  const code = await serveCommand(loaded, services, { out: () => undefined, err: (t) => err.push(t) }, signals, {
    version: 'test',
    once: true,
  });
  return { code, err };
}

describe('lakewarden serve --once', () => {
  it('runs each scheduled job once and exits 0 when all succeed', async () => {
    const { code, err } = await once('empty.json');
    expect(code).toBe(0);
    expect(err.map((l) => l.split(' in ')[0])).toEqual([
      'lakewarden serve --once: scan succeeded',
      'lakewarden serve --once: outbox succeeded',
      'lakewarden serve --once: housekeeping succeeded',
    ]);
  });

  it('exits 1 when a job fails, still running the others', async () => {
    const { code, err } = await once('missing.json');
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^lakewarden serve --once: scan failed in \d+ ms \(.*missing\.json/);
    expect(err.slice(1).every((l) => l.includes('succeeded'))).toBe(true);
  });
});
