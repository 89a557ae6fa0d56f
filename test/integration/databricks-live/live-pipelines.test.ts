import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import type { PipelineResource, Snapshot } from '../../../src/snapshot/schema.ts';
import {
  type FakeWorkspaceServer,
  startFakeWorkspaceServer,
} from '../../support/fake-databricks-sql/fake-workspace-server.ts';
import { DEV_PIPELINE_ID, PROD_PIPELINE_ID, seedPipelines } from '../../support/fake-databricks-sql/seed-pipelines.ts';
import { SCAN_WAREHOUSE_ID, seedWorkspace, WORKSPACE_ID } from '../../support/fake-databricks-sql/seed-workspace.ts';
import { server } from '../../support/msw.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let ws: FakeWorkspaceServer;
let dir: string;
const now = new Date();

beforeAll(async () => {
  ws = await startFakeWorkspaceServer();
  await seedWorkspace(ws, now);
  await seedPipelines(ws, now);
});
afterAll(async () => ws.close());
beforeEach(() => {
  server.use(ws.passthrough);
  dir = mkdtempSync(join(tmpdir(), 'lw-live-pipelines-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const file = join(dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${join(dir, 'lw.db')}\ndatabricks:\n  workspaceId: "${WORKSPACE_ID}"\n`,
  );
  vi.stubEnv('DATABRICKS_HOST', ws.origin);
  vi.stubEnv('DATABRICKS_WAREHOUSE_ID', SCAN_WAREHOUSE_ID);
  vi.stubEnv('DATABRICKS_TOKEN', ws.token);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', file, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('live collection of pipelines (REST fake + @databricks/sql against the Thrift endpoint)', () => {
  it('collects both pipelines with cost, billed hours and scheduled updates; no Class C spec value', async () => {
    const file = join(dir, 'snapshot.json');
    const { code, err } = await cli(['snapshot', 'collect', '--out', file]);
    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const secret of ['secret-pipeline-config', 'secret-notebook']) expect(text).not.toContain(secret);
    const snapshot = JSON.parse(text) as Snapshot;
    const dev = snapshot.resources.find(
      (r): r is PipelineResource => r.kind === 'pipeline' && r.id === DEV_PIPELINE_ID,
    );
    // 30 days × 3 billed hours × 4 DBU at 0.36 USD/DBU; 30 JOB_TASK updates in the window (3 before it not counted).
    expect(dev?.facts).toMatchObject({ dbus: 360, billedHours: 90, updates: 30, scheduledUpdates: 30, updateDays: 30 });
    expect(dev?.facts.costUsd).toBeCloseTo(129.6);
    expect(dev?.config).toMatchObject({ development: true, continuous: false, edition: 'ADVANCED' });
    expect(dev?.owners).toEqual({ owner: 'bo@example.com', creator: 'bo@example.com', runAs: 'bo@example.com' });
    expect(snapshot.resources.some((r) => r.kind === 'pipeline' && r.id === PROD_PIPELINE_ID)).toBe(true);
  });

  it('scan fires pipeline-development-mode-scheduled on the development pipeline only, not on the production decoy', async () => {
    const { code, out } = await cli(['scan', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { findings: Array<{ ruleId: string; resource: { id: string } }> };
    const pipelineFindings = result.findings
      .filter((f) => f.ruleId.startsWith('pipeline-'))
      .map((f) => `${f.ruleId} ${f.resource.id}`);
    expect(pipelineFindings).toEqual([`pipeline-development-mode-scheduled ${DEV_PIPELINE_ID}`]);
  });
});
