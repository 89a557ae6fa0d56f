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
  DEV_PIPELINE_ID,
  PROD_PIPELINE_ID,
  seedPipelines,
  UPDATE_HOURS_PER_DAY,
} from '../../support/fake-databricks-sql/seed-pipelines.ts';
import { liveWindow, seedWorkspace } from '../../support/fake-databricks-sql/seed-workspace.ts';
import { server } from '../../support/msw.ts';

const TIMELINE = 'system.lakeflow.pipeline_update_timeline';
/** A pipeline the REST API lists updates for that the update timeline does not have yet (the system table lags). */
const LAGGING_PIPELINE_ID = '7d1c0a2b-3333-4e6f-9a0b-0000000000l1';
/** A pipeline with no update in the window, in REST or in the timeline. */
const UNUSED_PIPELINE_ID = '7d1c0a2b-4444-4e6f-9a0b-0000000000n1';
let ws: FakeWorkspaceServer;
let dir: string;
const now = new Date();

beforeAll(async () => {
  ws = await startFakeWorkspaceServer();
  await seedWorkspace(ws, now);
  await seedPipelines(ws, now);
  const { startMs } = liveWindow(now);
  for (const [id, name] of [
    [LAGGING_PIPELINE_ID, 'events-ingest'],
    [UNUSED_PIPELINE_ID, 'old-backfill'],
  ] as const) {
    ws.rest.pipelines.set(id, {
      pipeline_id: id,
      name,
      state: 'IDLE',
      creator_user_name: 'bo@example.com',
      spec: { id, development: true, edition: 'ADVANCED', clusters: [{ label: 'default', num_workers: 1 }] },
    });
    ws.rest.pipelineUpdates.set(
      id,
      id === LAGGING_PIPELINE_ID
        ? [{ pipeline_id: id, update_id: 'l1-u0', creation_time: startMs + 29 * 86_400_000, cause: 'API_CALL' }]
        : [],
    );
  }
});
afterAll(async () => ws.close());
beforeEach(() => {
  server.use(ws.passthrough);
  dir = mkdtempSync(join(tmpdir(), 'lw-timeline-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runLiveCli(ws, dir, args);
}

async function collect(): Promise<Snapshot> {
  const file = join(dir, 'snapshot.json');
  const { code, err } = await cli(['snapshot', 'collect', '--out', file]);
  expect(err).not.toMatch(/error/i);
  expect(code).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
}

function updateHoursOf(snapshot: Snapshot): Record<string, number | null | undefined> {
  const out: Record<string, number | null | undefined> = {};
  for (const r of snapshot.resources) if (r.kind === 'pipeline') out[r.id] = (r as PipelineResource).facts.updateHours;
  return out;
}

describe('pipeline update hours from system.lakeflow.pipeline_update_timeline (Thrift endpoint)', () => {
  it('fills updateHours from the timeline, 0 with no update anywhere, absent when only REST has updates', async () => {
    const snapshot = await collect();
    expect(snapshot.missing ?? []).toEqual([]);
    expect(updateHoursOf(snapshot)).toEqual({
      [DEV_PIPELINE_ID]: 30 * UPDATE_HOURS_PER_DAY,
      [PROD_PIPELINE_ID]: 30 * UPDATE_HOURS_PER_DAY,
      [UNUSED_PIPELINE_ID]: 0,
      [LAGGING_PIPELINE_ID]: undefined,
    });
  });

  it('without the table: collection goes on, no updateHours, the table is listed missing and the rule claims $0', async () => {
    await ws.engine.dropTable('lakeflow.pipeline_update_timeline');
    const snapshot = await collect();
    expect(snapshot.missing).toEqual([{ table: TIMELINE, reason: expect.stringContaining('TABLE_OR_VIEW_NOT_FOUND') }]);
    expect(Object.values(updateHoursOf(snapshot))).toEqual([undefined, undefined, undefined, undefined]);
    const dev = snapshot.resources.find((r) => r.id === DEV_PIPELINE_ID) as PipelineResource;
    expect(dev.facts).toMatchObject({ billedHours: 90, updates: 30, scheduledUpdates: 30 });

    const { code, out } = await cli(['scan', '--snapshot', join(dir, 'snapshot.json'), '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      findings: Array<{ ruleId: string; resource: { id: string }; estimate: { usdPerMonth: number } }>;
    };
    const devMode = result.findings.find(
      (f) => f.ruleId === 'pipeline-development-mode-scheduled' && f.resource.id === DEV_PIPELINE_ID,
    );
    expect(devMode?.estimate.usdPerMonth).toBe(0);

    const doctor = await cli(['doctor']);
    expect(doctor.out).toMatch(
      new RegExp(`^FAIL  databricks default: readable: ${TIMELINE}: .*TABLE_OR_VIEW_NOT_FOUND`, 'm'),
    );
    expect(doctor.out).toMatch(/^FAIL {2}databricks default: compiles: pipeline-update-hours: /m);
  });
});
