import { describe, expect, it } from 'vitest';
import type { PipelineResource } from '../../../src/snapshot/schema.ts';
import { buildPipeline } from '../../support/resource-builders.ts';
import { evaluateRule, findingOf, isClean } from '../../support/rule-harness.ts';

describe('pipeline-development-mode-scheduled', () => {
  const id = 'pipeline-development-mode-scheduled';
  /** Development mode, 30 daily job-task updates of 30 min, each billed 1 h plus the 2 h the cluster stays up. */
  const devScheduled = (
    config: Partial<PipelineResource['config']> = {},
    facts: Partial<PipelineResource['facts']> = {},
  ) =>
    buildPipeline({
      config: { development: true, ...config },
      facts: { billedHours: 90, dbus: 450, costUsd: 162, updateHours: 15, ...facts },
    });

  it('fires on a development pipeline updated on a schedule, claiming the billed hours outside updates', () => {
    const finding = findingOf(id, devScheduled());
    // (90 billed − 15 updating − 30 updates × 1 h rounding) h × 162 / 90 USD/h × 30 / 30
    expect(finding.estimate.usdPerMonth).toBe(81);
    expect(finding.estimate.basis).toBe('idle-hours');
    expect(finding.plan.autonomy).toBe('manual');
    expect(finding.evidence.find((e) => e.fact === 'scheduledUpdates')?.value).toBe(30);
  });

  it('fires on a continuous development pipeline (no saving claimed) and on one with a cron trigger', () => {
    const continuous = findingOf(id, devScheduled({ continuous: true }, { scheduledUpdates: 0, updates: 1 }));
    expect(continuous.estimate.usdPerMonth).toBe(0);
    expect(continuous.evidence.map((e) => e.fact)).toContain('config.continuous');
    expect(continuous.evidence.map((e) => e.fact)).not.toContain('scheduledUpdates');
    const cron = findingOf(id, devScheduled({ trigger_cron: '0 0 2 * * ?' }, { scheduledUpdates: 0 }));
    expect(cron.evidence.find((e) => e.fact === 'config.trigger_cron')?.value).toBe('0 0 2 * * ?');
  });

  it('fires without the hours the updates ran (a live snapshot) but claims no saving for them', () => {
    const live = devScheduled();
    delete live.facts.updateHours;
    const finding = findingOf(id, live);
    expect(finding.estimate.usdPerMonth).toBe(0);
    expect(finding.evidence.find((e) => e.fact === 'scheduledUpdates')?.value).toBe(30);
  });

  it('stays quiet in production mode, and on a development pipeline only run by hand', () => {
    expect(isClean(id, buildPipeline())).toBe(true);
    expect(isClean(id, buildPipeline({ config: { continuous: true } }))).toBe(true);
    expect(isClean(id, devScheduled({}, { updates: 3, scheduledUpdates: 0, updateDays: 2 }))).toBe(true);
    // scheduled updates, but all on two days: a burst of testing, not a production schedule
    expect(isClean(id, devScheduled({}, { scheduledUpdates: 8, updateDays: 2 }))).toBe(true);
  });
});

describe('pipeline-continuous-little-work', () => {
  const id = 'pipeline-continuous-little-work';
  /** Continuous, billed all 720 h of the window at 2.5 USD/h, rows written in 36 of them. */
  const idleContinuous = (facts: Partial<PipelineResource['facts']> = {}) =>
    buildPipeline({
      config: { continuous: true, state: 'RUNNING' },
      facts: {
        billedHours: 720,
        dbus: 5000,
        costUsd: 1800,
        updates: 1,
        scheduledUpdates: 0,
        updateDays: 1,
        updateHours: 720,
        activeHours: 36,
        ...facts,
      },
    });

  it('fires on a continuous pipeline that writes rows in few of its hours; estimate from its own hours', () => {
    const finding = findingOf(id, idleContinuous());
    // (720 − 36 − 720 / 1 h × 0.25 h) h × 1800 / 720 USD/h × 30 / 30
    expect(finding.estimate.usdPerMonth).toBe(1260);
    expect(finding.estimate.basis).toBe('continuous-uptime');
    expect(finding.evidence.find((e) => e.fact === 'activeHours')?.value).toBe(36);
  });

  it('stays quiet on a busy continuous pipeline, a recently started one, and a triggered one', () => {
    expect(isClean(id, idleContinuous({ activeHours: 500 }))).toBe(true);
    expect(isClean(id, idleContinuous({ billedHours: 100, updateHours: 100, activeHours: 5 }))).toBe(true);
    expect(isClean(id, buildPipeline({ facts: { activeHours: 1 } }))).toBe(true);
  });

  it('stays quiet when the hours with rows written are unknown (a live snapshot): never read as 0', () => {
    const live = idleContinuous();
    delete live.facts.activeHours;
    delete live.facts.outputRows;
    const result = evaluateRule(id, live);
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('stays quiet when the triggered schedule would cost as much (overhead per update ≥ the idle share)', () => {
    // 36 h + 720 updates × 0.96 h = 727 h ≥ 720 billed hours
    const result = evaluateRule(id, idleContinuous(), { overrides: { params: { updateOverheadHours: 0.96 } } });
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(
      evaluateRule(id, idleContinuous(), { overrides: { params: { updateOverheadHours: 0.9 } } }).findings,
    ).toHaveLength(1);
  });
});
