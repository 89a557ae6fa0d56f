import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPatTokenProvider } from '../../../src/databricks/auth/pat-token-provider.ts';
import { connectDatabricksSql, createDatabricksSqlRunner } from '../../../src/databricks/sql/databricks-sql-runner.ts';
import { COLLECTOR_STATEMENTS, PROBE_TABLES } from '../../../src/databricks/sql/statements.ts';
import { createLogger } from '../../../src/logging/create-logger.ts';
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
import {
  IDLE_WAREHOUSE_ID,
  liveWindow,
  SCAN_WAREHOUSE_ID,
  seedWorkspace,
} from '../../support/fake-databricks-sql/seed-workspace.ts';
import { server } from '../../support/msw.ts';

const HOUR = 3_600_000;
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
  dir = mkdtempSync(join(tmpdir(), 'lw-live-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process against the test workspace; stdout written by anything but the CLI output is caught. */
async function cli(args: string[], auth: 'pat' | 'oauth') {
  const stdout = vi.spyOn(process.stdout, 'write');
  const result = await runLiveCli(ws, dir, args, { auth });
  const stray = stdout.mock.calls.map((c) => String(c[0])).filter((t) => !t.includes('✓') && !t.includes('RUN'));
  stdout.mockRestore();
  return { ...result, stray };
}

describe('live collection through @databricks/sql and the Thrift endpoint', () => {
  it('snapshot collect (PAT) reads every registered statement over HTTPS on a non-default port', async () => {
    const before = ws.sql.statements().length;
    const snapshotFile = join(dir, 'snapshot.json');
    const { code, out, err, stray } = await cli(['snapshot', 'collect', '--out', snapshotFile], 'pat');
    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(stray).toEqual([]);
    expect(out).toMatch(/^Snapshot of 5 resources in 1 workspace\(s\)/);
    const collectors = ws.sql
      .statements()
      .slice(before)
      .map((s) => s.collector);
    expect(new Set(collectors)).toEqual(new Set(COLLECTOR_STATEMENTS));

    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
    const idle = snapshot.resources.find((r) => r.kind === 'warehouse' && r.id === IDLE_WAREHOUSE_ID);
    const { startMs, endMs } = liveWindow(now);
    const lastQueryEnd = startMs + 19 * 24 * HOUR + 9 * HOUR + 11 * 60_000;
    const facts = (idle?.facts ?? {}) as { runningHours?: number; idleTailHours?: number };
    expect(facts).toMatchObject({ dbus: 17_280, costUsd: 8_640 });
    expect(facts.runningHours).toBeCloseTo((endMs - startMs) / HOUR);
    expect(facts.idleTailHours).toBeCloseTo((endMs - lastQueryEnd) / HOUR);
  });

  it('snapshot collect --out <file>.jsonl.gz writes gzip JSON Lines that scan streams', async () => {
    const file = join(dir, 'snapshot.jsonl.gz');
    const collected = await cli(['snapshot', 'collect', '--out', file], 'pat');
    expect(collected.code).toBe(0);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ schemaVersion: 1, source: 'live' });
    const { code, out } = await cli(['scan', '--snapshot', file, '--json'], 'pat');
    expect(code).toBe(0);
    const result = JSON.parse(out) as { findings: Array<{ ruleId: string; resource: { id: string } }> };
    expect(result.findings.map((f) => `${f.ruleId} ${f.resource.id}`).sort()).toEqual([
      `pipeline-development-mode-scheduled ${DEV_PIPELINE_ID}`,
      `warehouse-auto-stop-too-long ${IDLE_WAREHOUSE_ID}`,
      `warehouse-missing-tags ${IDLE_WAREHOUSE_ID}`,
      `warehouse-missing-tags ${SCAN_WAREHOUSE_ID}`,
    ]);
  });

  it('scan (OAuth M2M, one token for REST and SQL) finds the warehouse that never stops', async () => {
    const issued = ws.oauth.issued();
    const { code, out, stray } = await cli(['scan', '--json'], 'oauth');
    expect(code).toBe(0);
    expect(stray).toEqual([]);
    expect(ws.oauth.issued()).toBe(issued + 1);
    const result = JSON.parse(out) as {
      findings: Array<{ ruleId: string; resource: { id: string }; estimate: { usdPerMonth: number } }>;
    };
    expect(result.findings.map((f) => `${f.ruleId} ${f.resource.id}`).sort()).toEqual([
      `pipeline-development-mode-scheduled ${DEV_PIPELINE_ID}`,
      `warehouse-auto-stop-too-long ${IDLE_WAREHOUSE_ID}`,
      `warehouse-missing-tags ${IDLE_WAREHOUSE_ID}`,
      `warehouse-missing-tags ${SCAN_WAREHOUSE_ID}`,
    ]);
    // The update hours come from system.lakeflow.pipeline_update_timeline: (90 billed h − 37.5 h of updates − 30 h
    // of billing rounding, one per update) × 1.44 USD per billed hour × 30 / 30 days.
    const devMode = result.findings.find((f) => f.ruleId === 'pipeline-development-mode-scheduled');
    expect(devMode?.estimate.usdPerMonth).toBeCloseTo((90 - 30 * UPDATE_HOURS_PER_DAY - 30) * 1.44);
  });
});

describe('live collection of pipelines (REST fake + the Thrift endpoint)', () => {
  it('collects both pipelines with cost, billed hours and scheduled updates; no Class C spec value', async () => {
    const file = join(dir, 'snapshot.json');
    const { code, err } = await cli(['snapshot', 'collect', '--out', file], 'pat');
    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const secret of ['secret-pipeline-config', 'secret-notebook']) expect(text).not.toContain(secret);
    const snapshot = JSON.parse(text) as Snapshot;
    const pipelines = snapshot.resources.filter((r): r is PipelineResource => r.kind === 'pipeline');
    expect(pipelines.map((p) => p.id).sort()).toEqual([DEV_PIPELINE_ID, PROD_PIPELINE_ID].sort());
    const dev = pipelines.find((p) => p.id === DEV_PIPELINE_ID);
    // 30 days × 3 billed hours × 4 DBU at 0.36 USD/DBU; 30 JOB_TASK updates in the window (3 before it not counted).
    // Update hours: 30 updates of 1.25 h from the update timeline; the 3 updates before the window are not counted.
    expect(dev?.facts).toMatchObject({
      dbus: 360,
      billedHours: 90,
      updates: 30,
      scheduledUpdates: 30,
      updateDays: 30,
      updateHours: 30 * UPDATE_HOURS_PER_DAY,
    });
    expect(dev?.facts).not.toHaveProperty('activeHours');
    expect(dev?.facts).not.toHaveProperty('outputRows');
    expect(snapshot.missing ?? []).toEqual([]);
    expect(dev?.facts.costUsd).toBeCloseTo(129.6);
    expect(dev?.config).toMatchObject({ development: true, continuous: false, edition: 'ADVANCED' });
    expect(dev?.owners).toEqual({ owner: 'bo@example.com', creator: 'bo@example.com', runAs: 'bo@example.com' });
  });
});

describe('doctor against the Thrift endpoint', () => {
  it('passes host, auth, warehouse, every system table and every statement (only Jira is not configured)', async () => {
    const { code, out, stray } = await cli(['doctor'], 'pat');
    expect(stray).toEqual([]);
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual(['FAIL  jira: not configured: scans run as dry runs']);
    for (const name of ['host reachable', 'authentication', 'SQL warehouse'])
      expect(out).toMatch(new RegExp(`^ok {4}databricks default: ${name}: `, 'm'));
    expect(lines.filter((l) => /^ok {4}databricks default: readable: system\./.test(l))).toHaveLength(
      PROBE_TABLES.length,
    );
    expect(out).toContain('ok    databricks default: readable: system.lakeflow.pipeline_update_timeline: readable');
    for (const name of COLLECTOR_STATEMENTS)
      expect(out).toContain(`ok    databricks default: compiles: ${name}: EXPLAIN succeeded`);
    expect(code).toBe(1);
  });
});

describe("the SQL driver's own logs", () => {
  it("go to lakewarden's logger at debug, tagged databricks-sql, never to stdout", async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      scrub: (t) => t,
      destination: new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const stdout = vi.spyOn(process.stdout, 'write');
    const connection = await connectDatabricksSql({
      host: ws.origin,
      warehouseId: SCAN_WAREHOUSE_ID,
      auth: createPatTokenProvider(ws.token),
      logger,
    });
    try {
      const runner = createDatabricksSqlRunner(connection.openSession, { errorContext: connection.errorContext });
      // The three fixture prices and the DLT price seedPipelines adds.
      expect(await runner.run('list-prices-current', {}, () => undefined)).toBe(4);
    } finally {
      await connection.close();
    }
    const written = stdout.mock.calls.map((c) => String(c[0])).filter((t) => !t.includes('✓') && !t.includes('RUN'));
    stdout.mockRestore();
    expect(written).toEqual([]);
    const driver = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.component === 'databricks-sql');
    expect(driver.length).toBeGreaterThan(0);
    expect(new Set(driver.map((l) => l.level))).toEqual(new Set(['debug']));
    expect(lines.join('')).not.toContain(ws.token);
  });
});
