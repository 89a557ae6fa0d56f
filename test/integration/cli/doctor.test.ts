import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../src/commands/doctor-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createServices } from '../../../src/main.ts';
import { createFakeJira, type FakeJira } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';

let dir: string;
let fake: FakeJira;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-doctor-'));
  fake = createFakeJira({ apiToken: 'tok-valid-1234' });
  server.use(...fake.handlers);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loaded(env: Record<string, string>): LoadedConfig {
  return {
    config: LakewardenConfig.parse({ store: { sqlitePath: join(dir, 'lw.db') } }),
    env: readEnv(env),
    file: undefined,
    baseDir: dir,
  };
}

async function doctor(env: Record<string, string>) {
  const lines: string[] = [];
  const config = loaded(env);
  const services = await createServices(config, { logDestination: new Writable({ write: (_c, _e, done) => done() }) });
  try {
    const failed = await doctorCommand(config, services, { out: (t) => lines.push(t), err: () => {} });
    return { failed, text: lines.join('\n') };
  } finally {
    await services.close();
  }
}

describe('lakewarden doctor', () => {
  it('checks the store, Jira credentials and project, one line each, and says Databricks is not configured', async () => {
    const { failed, text } = await doctor({
      JIRA_BASE_URL: fake.baseUrl,
      JIRA_EMAIL: fake.state.email,
      JIRA_API_TOKEN: 'tok-valid-1234',
      JIRA_PROJECT_KEY: 'FIN',
    });
    expect(text).toMatch(/^ok {2}\s*store: SQLite /m);
    expect(text).toMatch(/^ok {2}\s*jira: credentials: authenticated as lakewarden/m);
    expect(text).toMatch(/^ok {2}\s*jira: project: FIN \(FinOps\)/m);
    expect(text).toMatch(/^FAIL {2}databricks: not configured[^\n]*\n {6}fix: set DATABRICKS_HOST/m);
    expect(failed).toBe(1);
  });

  it('reports rejected Jira credentials and a wrong project with fixes, never the token', async () => {
    const bad = await doctor({
      JIRA_BASE_URL: fake.baseUrl,
      JIRA_EMAIL: fake.state.email,
      JIRA_API_TOKEN: 'tok-wrong-9876',
      JIRA_PROJECT_KEY: 'FIN',
    });
    expect(bad.text).toMatch(/^FAIL {2}jira: credentials: [^\n]*JIRA_API_TOKEN/m);
    expect(bad.text).not.toContain('tok-wrong-9876');
    const wrongProject = await doctor({
      JIRA_BASE_URL: fake.baseUrl,
      JIRA_EMAIL: fake.state.email,
      JIRA_API_TOKEN: 'tok-valid-1234',
      JIRA_PROJECT_KEY: 'NOPE',
    });
    expect(wrongProject.text).toMatch(/^FAIL {2}jira: project: [^\n]*\n {6}fix: check JIRA_PROJECT_KEY/m);
  });
});
