import { describe, expect, it } from 'vitest';
import { createPipelineActivityFacts } from '../../../src/databricks/facts/pipeline-activity-facts.ts';
import { pipelineUpdateCounts } from '../../../src/databricks/facts/pipeline-update-facts.ts';
import { createPipelineUpdateHoursFacts } from '../../../src/databricks/facts/pipeline-update-hours-facts.ts';
import { createPipelineUsageFacts } from '../../../src/databricks/facts/pipeline-usage-facts.ts';
import { PipelineInfo, PipelineUpdateList } from '../../../src/databricks/rest/schemas.ts';

const WS = '1234567890123456';
const t = (iso: string) => new Date(iso);

describe('createPipelineUsageFacts (usage-by-pipeline-hour rows as the driver returns them)', () => {
  it('sums DBUs and cost, counts hours with net usage, nets retractions within an hour, keys by workspace', () => {
    const usage = createPipelineUsageFacts();
    const row = (pipeline: string, at: string, dbus: string, usd: string, ws = WS) => ({
      workspace_id: ws,
      pipeline_id: pipeline,
      usage_hour: t(at),
      dbus,
      list_cost_usd: usd,
    });
    usage.add(row('p1', '2026-09-01T02:00:00Z', '4.000000000000000000', '1.440000000000000000'));
    usage.add(row('p1', '2026-09-01T03:00:00Z', '2.500000000000000000', '0.900000000000000000'));
    // A RETRACTION row of the same hour, as a second row (the statement groups per hour, restatements may split it).
    usage.add(row('p1', '2026-09-01T05:00:00Z', '3.000000000000000000', '1.080000000000000000'));
    usage.add(row('p1', '2026-09-01T05:00:00Z', '-3.000000000000000000', '-1.080000000000000000'));
    usage.add(row('p1', '2026-09-01T02:00:00Z', '99', '99', '999'));
    usage.add({
      workspace_id: WS,
      pipeline_id: null,
      usage_hour: t('2026-09-01T02:00:00Z'),
      dbus: '1',
      list_cost_usd: '1',
    });
    const p1 = usage.get(WS, 'p1');
    expect(p1?.dbus).toBeCloseTo(6.5);
    expect(p1?.costUsd).toBeCloseTo(2.34);
    expect(p1?.billedHours).toBe(2);
    expect(usage.get('999', 'p1')).toMatchObject({ dbus: 99, billedHours: 1 });
    expect(usage.get(WS, 'unknown')).toBeUndefined();
  });
});

describe('createPipelineUpdateHoursFacts (pipeline-update-hours rows as the driver returns them)', () => {
  const window = { startMs: Date.parse('2026-09-01T00:00:00Z'), endMs: Date.parse('2026-10-01T00:00:00Z') };
  const row = (pipeline: unknown, update: string, start: unknown, end: unknown) => ({
    pipeline_id: pipeline,
    update_id: update,
    update_start: typeof start === 'string' ? t(start) : start,
    update_end: typeof end === 'string' ? t(end) : end,
  });

  it('sums the hours of each update, clipped to the window', () => {
    const hours = createPipelineUpdateHoursFacts(window);
    hours.add(row('p1', 'u1', '2026-09-03T02:00:00Z', '2026-09-03T03:15:00Z'));
    hours.add(row('p1', 'u2', '2026-09-04T02:00:00Z', '2026-09-04T02:30:00Z'));
    // Started the evening before the window: only the 2 hours inside it count.
    hours.add(row('p1', 'u0', '2026-08-31T22:00:00Z', '2026-09-01T02:00:00Z'));
    // Still running past the window end: only the hour inside it counts; a string timestamp as some drivers send.
    hours.add(row('p1', 'u9', '2026-09-30 23:00:00', '2026-10-01T05:00:00Z'));
    expect(hours.hoursOf('p1')).toBeCloseTo(1.25 + 0.5 + 2 + 1);
  });

  it('counts overlapping updates once, knows pipelines whose updates fall outside the window (0 h)', () => {
    const hours = createPipelineUpdateHoursFacts(window);
    hours.add(row('p1', 'u1', '2026-09-03T02:00:00Z', '2026-09-03T04:00:00Z'));
    hours.add(row('p1', 'u2', '2026-09-03T03:00:00Z', '2026-09-03T05:00:00Z'));
    hours.add(row('p1', 'u3', '2026-09-03T03:30:00Z', '2026-09-03T03:45:00Z'));
    hours.add(row('p1', 'u4', '2026-09-03T05:00:00Z', '2026-09-03T06:00:00Z'));
    expect(hours.hoursOf('p1')).toBeCloseTo(4);
    hours.add(row('p2', 'u1', '2026-08-20T02:00:00Z', '2026-08-20T03:00:00Z'));
    expect(hours.hoursOf('p2')).toBe(0);
  });

  it('skips rows without a pipeline id, a start or an end; unknown pipelines are undefined, not 0', () => {
    const hours = createPipelineUpdateHoursFacts(window);
    hours.add(row(null, 'u1', '2026-09-03T02:00:00Z', '2026-09-03T03:00:00Z'));
    hours.add(row('p1', 'u1', null, '2026-09-03T03:00:00Z'));
    hours.add(row('p1', 'u2', '2026-09-03T02:00:00Z', null));
    expect(hours.hoursOf('p1')).toBeUndefined();
    expect(hours.hoursOf('unknown')).toBeUndefined();
  });
});

describe('createPipelineActivityFacts (pipeline-activity-hours rows as the driver returns them)', () => {
  it('reads BIGINT counts; a pipeline without flow_progress events is unknown, not idle', () => {
    const activity = createPipelineActivityFacts();
    activity.add({ pipeline_id: 'p1', progress_events: 200n, active_hours: 6n, output_rows: 600n });
    activity.add({ pipeline_id: 'p2', progress_events: 10n, active_hours: 0n, output_rows: null });
    activity.add({ pipeline_id: 'p3', progress_events: 0n, active_hours: 0n, output_rows: null });
    activity.add({ pipeline_id: null, progress_events: 5n, active_hours: 5n, output_rows: 5n });
    expect(activity.get('p1')).toEqual({ activeHours: 6, outputRows: 600 });
    expect(activity.get('p2')).toEqual({ activeHours: 0, outputRows: 0 });
    expect(activity.get('p3')).toBeUndefined();
    expect(activity.get('unknown')).toBeUndefined();
  });
});

describe('pipelineUpdateCounts (REST updates, metadata only)', () => {
  it('counts updates, JOB_TASK updates as scheduled, and distinct UTC days; updates without a time are not counted', () => {
    const { updates } = PipelineUpdateList.parse({
      updates: [
        {
          update_id: 'u3',
          creation_time: Date.parse('2026-09-02T23:30:00Z'),
          cause: 'USER_ACTION',
          state: 'COMPLETED',
        },
        { update_id: 'u2', creation_time: Date.parse('2026-09-02T02:00:00Z'), cause: 'JOB_TASK', state: 'FAILED' },
        { update_id: 'u1', creation_time: Date.parse('2026-09-01T02:00:00Z'), cause: 'JOB_TASK', state: 'COMPLETED' },
        { update_id: 'u0', cause: 'API_CALL' },
      ],
    });
    expect(pipelineUpdateCounts(updates)).toEqual({ updates: 3, scheduledUpdates: 2, updateDays: 2 });
    expect(pipelineUpdateCounts([])).toEqual({ updates: 0, scheduledUpdates: 0, updateDays: 0 });
  });

  it('keeps no update `config` (its configuration values are Class C)', () => {
    const parsed = PipelineUpdateList.parse({
      updates: [{ update_id: 'u1', creation_time: 1, config: { configuration: { key: 'secret-value' } } }],
    });
    expect(JSON.stringify(parsed)).not.toContain('secret-value');
  });
});

describe('PipelineInfo (GET /api/2.0/pipelines/{id})', () => {
  it('reads omitted booleans as the documented false, and drops libraries, configuration and notifications', () => {
    const info = PipelineInfo.parse({
      pipeline_id: 'p1',
      name: 'orders',
      spec: {
        id: 'p1',
        libraries: [{ notebook: { path: '/Repos/team/secret-notebook' } }],
        configuration: { 'orders.key': 'secret-value' },
        notifications: [{ email_recipients: ['x@example.com'] }],
        trigger: { cron: { quartz_cron_schedule: '0 0 2 * * ?', timezone_id: 'UTC' } },
      },
    });
    expect(info.spec).toMatchObject({
      development: false,
      continuous: false,
      serverless: false,
      clusters: [],
      tags: {},
    });
    expect(info.spec.trigger?.cron?.quartz_cron_schedule).toBe('0 0 2 * * ?');
    const text = JSON.stringify(info);
    for (const secret of ['secret-notebook', 'secret-value', 'x@example.com']) expect(text).not.toContain(secret);
  });

  it('parses a pipeline without a spec (all defaults)', () => {
    expect(PipelineInfo.parse({ pipeline_id: 'p1' }).spec.development).toBe(false);
  });
});
