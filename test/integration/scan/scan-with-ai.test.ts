import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AiTables } from '../../../src/ai/ai-tables.ts';
import { listAuditRows } from '../../../src/ai/audit.ts';
import { AI_BANNER } from '../../../src/ai/render-analysis-section.ts';
import { scanCommand } from '../../../src/commands/scan-command.ts';
import { readEnv } from '../../../src/config/env.ts';
import type { LoadedConfig } from '../../../src/config/load-config.ts';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { createServices } from '../../../src/main.ts';
import { saveSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import { createFakeJira, type FakeJira } from '../../support/fake-jira.ts';
import { useFakeVertex, VERTEX } from '../../support/fake-vertex.ts';
import { createTestAiServices } from '../../support/fake-vertex-ai.ts';
import { server } from '../../support/msw.ts';
import { buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let dir: string;
let fake: FakeJira;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-scan-ai-'));
  fake = createFakeJira({ apiToken: 'tok-1234567' });
  server.use(...fake.handlers);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const warehouse = buildWarehouse({ config: { auto_stop_mins: 0 }, facts: { idleTailHours: 96 } });

async function scanWithAi() {
  const loaded: LoadedConfig = {
    config: LakewardenConfig.parse({
      jira: { projectKey: 'FIN' },
      rules: { directory: join(ROOT, 'rules'), templatesDirectory: join(ROOT, 'templates') },
      store: { sqlitePath: join(dir, 'lw.db') },
    }),
    env: readEnv({ JIRA_BASE_URL: fake.baseUrl, JIRA_EMAIL: fake.state.email, JIRA_API_TOKEN: 'tok-1234567' }),
    file: undefined,
    baseDir: ROOT,
  };
  const services = await createServices(loaded, {
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
    sleep: async () => {},
  });
  const db = (await services.store.open()).db.withTables<AiTables>();
  services.ai = createTestAiServices(db);
  const file = join(dir, 'snap.json');
  await saveSnapshot(file, buildSnapshot([warehouse]));
  try {
    await scanCommand(
      loaded,
      services,
      { snapshot: file, dryRun: false, json: false },
      { out: () => {}, err: () => {} },
      undefined,
    );
    return await listAuditRows(db, {});
  } finally {
    await services.close();
  }
}

describe('scan with AI enabled', () => {
  it('posts a verified, AI-marked analysis comment on a new issue and audits the exchange', async () => {
    const analysis = {
      likelyCause: 'Auto-stop is 0, so the warehouse never stops after its last query.',
      context: 'Every idle hour is billed at the full DBU rate of its size.',
      checksBeforeApproving: ['Check that no dashboard needs the warehouse warm before approving.'],
    };
    useFakeVertex([{ text: JSON.stringify(analysis) }]);
    const audit = await scanWithAi();
    const [issue] = fake.state.issues;
    expect(issue?.comments).toHaveLength(1);
    const text = JSON.stringify(issue?.comments[0]?.body);
    expect(text).toContain(AI_BANNER);
    expect(text).toContain('never stops after its last query');
    expect(JSON.stringify(issue?.description)).not.toContain(AI_BANNER);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ model: VERTEX.model });
  });

  it('still files the issue, without a comment, when the model fails', async () => {
    useFakeVertex([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    await scanWithAi();
    expect(fake.state.issues).toHaveLength(1);
    expect(fake.state.issues[0]?.comments).toHaveLength(0);
  });

  it('drops an analysis that invents a number', async () => {
    useFakeVertex([
      {
        text: JSON.stringify({
          likelyCause: 'It costs $9,999.99 a month.',
          context: 'Idle.',
          checksBeforeApproving: ['Check dashboards.'],
        }),
      },
    ]);
    await scanWithAi();
    expect(fake.state.issues[0]?.comments).toHaveLength(0);
  });
});
