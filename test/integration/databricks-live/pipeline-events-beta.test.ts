import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PipelineResource, Snapshot } from '../../../src/snapshot/schema.ts';
import {
  type FakeWorkspaceServer,
  startFakeWorkspaceServer,
} from '../../support/fake-databricks-sql/fake-workspace-server.ts';
import { runLiveCli } from '../../support/fake-databricks-sql/run-live-cli.ts';
import {
  BUSY_CONTINUOUS_PIPELINE_ID,
  BUSY_ROWS_PER_HOUR,
  CONTINUOUS_DAYS,
  IDLE_ACTIVE_HOURS,
  IDLE_CONTINUOUS_PIPELINE_ID,
  seedContinuousPipelines,
} from '../../support/fake-databricks-sql/seed-continuous-pipelines.ts';
import { DEV_PIPELINE_ID, seedPipelines } from '../../support/fake-databricks-sql/seed-pipelines.ts';
import { seedWorkspace } from '../../support/fake-databricks-sql/seed-workspace.ts';
import { server } from '../../support/msw.ts';

const RULE = 'pipeline-continuous-little-work';
const EVENTS = 'system.lakeflow_pipeline_events_preview.pipeline_events';
let ws: FakeWorkspaceServer;
let dir: string;
const now = new Date();

beforeAll(async () => {
  ws = await startFakeWorkspaceServer();
  await seedWorkspace(ws, now);
  await seedPipelines(ws, now);
  await seedContinuousPipelines(ws, now);
});
afterAll(async () => ws.close());
beforeEach(() => {
  server.use(ws.passthrough);
  dir = mkdtempSync(join(tmpdir(), 'lw-pipeline-events-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], betaPipelineEvents: boolean | undefined) {
  const option = betaPipelineEvents === undefined ? '' : `  betaPipelineEvents: ${betaPipelineEvents}\n`;
  return runLiveCli(ws, dir, args, { databricksYaml: option });
}

/** `snapshot collect --require-full`, so a degraded snapshot would fail the command. */
async function collect(betaPipelineEvents: boolean | undefined): Promise<{ snapshot: Snapshot; err: string }> {
  const file = join(dir, 'snapshot.json');
  const { code, err } = await cli(['snapshot', 'collect', '--require-full', '--out', file], betaPipelineEvents);
  expect(code).toBe(0);
  return { snapshot: JSON.parse(readFileSync(file, 'utf8')) as Snapshot, err };
}

function pipeline(snapshot: Snapshot, id: string): PipelineResource {
  const found = snapshot.resources.find((r) => r.kind === 'pipeline' && r.id === id);
  if (found === undefined) throw new Error(`no pipeline ${id}`);
  return found as PipelineResource;
}

async function firedOn(): Promise<string[]> {
  const { code, out } = await cli(['scan', '--snapshot', join(dir, 'snapshot.json'), '--json'], undefined);
  expect(code).toBe(0);
  const result = JSON.parse(out) as { findings: Array<{ ruleId: string; resource: { id: string } }> };
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => f.resource.id);
}

describe('pipeline activity from the Beta system.lakeflow_pipeline_events_preview.pipeline_events (Thrift endpoint)', () => {
  it('databricks.betaPipelineEvents on: activeHours/outputRows from flow_progress; the rule fires on the idle pipeline only', async () => {
    const { snapshot, err } = await collect(true);
    expect(snapshot.missing ?? []).toEqual([]);
    expect(err).toContain('collector pipeline-activity-hours: 2 rows');
    const idle = pipeline(snapshot, IDLE_CONTINUOUS_PIPELINE_ID);
    const busy = pipeline(snapshot, BUSY_CONTINUOUS_PIPELINE_ID);
    expect(idle.config.continuous).toBe(true);
    expect(idle.facts).toMatchObject({
      billedHours: CONTINUOUS_DAYS * 24,
      activeHours: IDLE_ACTIVE_HOURS,
      outputRows: IDLE_ACTIVE_HOURS * 100,
    });
    expect(busy.facts).toMatchObject({
      billedHours: CONTINUOUS_DAYS * 24,
      activeHours: CONTINUOUS_DAYS * 24,
      outputRows: CONTINUOUS_DAYS * 24 * BUSY_ROWS_PER_HOUR,
    });
    // No flow_progress event of the triggered pipeline in the table: its work is unknown, so the facts stay absent.
    expect(pipeline(snapshot, DEV_PIPELINE_ID).facts).not.toHaveProperty('activeHours');
    expect(await firedOn()).toEqual([IDLE_CONTINUOUS_PIPELINE_ID]);

    const doctor = await cli(['doctor'], true);
    expect(doctor.out).toContain(`ok    databricks default: readable: ${EVENTS}: readable`);
    expect(doctor.out).toContain('ok    databricks default: compiles: pipeline-activity-hours: EXPLAIN succeeded');
  });

  it('off (the default): the Beta table is not read, the facts are absent and the rule does not fire', async () => {
    const { snapshot, err } = await collect(undefined);
    expect(err).not.toContain('pipeline-activity-hours');
    for (const id of [IDLE_CONTINUOUS_PIPELINE_ID, BUSY_CONTINUOUS_PIPELINE_ID]) {
      expect(pipeline(snapshot, id).facts).not.toHaveProperty('activeHours');
      expect(pipeline(snapshot, id).facts).not.toHaveProperty('outputRows');
    }
    expect(await firedOn()).toEqual([]);
    expect((await cli(['doctor'], undefined)).out).not.toMatch(/pipeline_events|pipeline-activity-hours/);
  });

  it('on but the table is missing: collection succeeds (--require-full too), not degraded, warns why, no facts', async () => {
    await ws.engine.disableSchema('lakeflow_pipeline_events_preview');
    const { snapshot, err } = await collect(true);
    expect(snapshot.missing ?? []).toEqual([]);
    expect(err).toMatch(
      /warning: collector pipeline-activity-hours: skipped, the Beta table system\.lakeflow_pipeline_events_preview\.pipeline_events is not readable.*TABLE_OR_VIEW_NOT_FOUND/,
    );
    expect(pipeline(snapshot, IDLE_CONTINUOUS_PIPELINE_ID).facts).not.toHaveProperty('activeHours');
    expect(await firedOn()).toEqual([]);
    // doctor, asked to check what was opted into, says the table is not there.
    const doctor = await cli(['doctor'], true);
    expect(doctor.out).toMatch(
      new RegExp(`^FAIL  databricks default: readable: ${EVENTS}: .*TABLE_OR_VIEW_NOT_FOUND`, 'm'),
    );
  });
});
