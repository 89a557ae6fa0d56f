import { getTasks } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { RemediationSection } from '../../../src/config/remediation-section.ts';
import { type AutoGateInput, checkAutoGates } from '../../../src/remediation/check-auto-gates.ts';
import { kindShareLimit } from '../../../src/remediation/guardrails.ts';
import { inMaintenanceWindow } from '../../../src/remediation/in-maintenance-window.ts';

const NOW = new Date('2026-12-07T02:30:40Z'); // Monday 03:30 in Europe/Berlin (CET, UTC+1)

function input(auto: Record<string, unknown> = {}, overrides: Partial<AutoGateInput> = {}): AutoGateInput {
  return {
    auto: RemediationSection.parse({ auto: { noticeHours: 0, ...auto } }).auto,
    strategy: 'warehouse-auto-stop',
    resource: { kind: 'warehouse', tags: { team: 'payments' } },
    filedAt: '2026-12-06T00:00:00Z',
    now: NOW,
    started: { total: 0, ofKind: 0 },
    kindTotal: 40,
    ...overrides,
  };
}

describe('checkAutoGates', () => {
  it('lets a finding through when no gate applies', () => {
    expect(checkAutoGates(input())).toEqual({ kind: 'go' });
  });

  it.each([
    ['off', true],
    ['OFF ', true],
    ['on', false],
  ])('honours the owner opt-out tag lakewarden_auto: %j', (value, stopped) => {
    const gate = checkAutoGates(input({}, { resource: { kind: 'warehouse', tags: { Lakewarden_Auto: value } } }));
    expect(gate.kind === 'stop' && gate.reason === 'opted_out').toBe(stopped);
  });

  it('stops strategies not listed in remediation.auto.strategies', () => {
    expect(checkAutoGates(input({ strategies: ['job-retries'] }))).toMatchObject({ reason: 'strategy_not_allowed' });
    expect(checkAutoGates(input({ strategies: ['warehouse-auto-stop'] }))).toEqual({ kind: 'go' });
  });

  it('waits until noticeHours have passed since the plan was filed', () => {
    expect(checkAutoGates(input({ noticeHours: 48 }))).toEqual({
      kind: 'notice',
      applyAfter: '2026-12-08T00:00:00.000Z',
    });
    expect(checkAutoGates(input({ noticeHours: 26 }))).toEqual({ kind: 'go' });
  });

  it('stops outside the maintenance windows, read in their time zone', () => {
    const berlin = [{ cron: '* 3 * * 1-5', timezone: 'Europe/Berlin' }];
    expect(checkAutoGates(input({ windows: berlin }))).toEqual({ kind: 'go' });
    const utc = [{ cron: '* 3 * * 1-5', timezone: 'UTC' }];
    expect(checkAutoGates(input({ windows: utc }))).toMatchObject({ kind: 'stop', reason: 'outside_window' });
  });

  it('stops at the per-scan count and at the share of the kind', () => {
    expect(checkAutoGates(input({ maxPerScan: 2 }, { started: { total: 2, ofKind: 0 } }))).toMatchObject({
      reason: 'limit_scan',
    });
    // 10 % of 40 warehouses = 4
    expect(checkAutoGates(input({}, { started: { total: 3, ofKind: 3 } }))).toEqual({ kind: 'go' });
    expect(checkAutoGates(input({ maxPerScan: 10 }, { started: { total: 4, ofKind: 4 } }))).toMatchObject({
      reason: 'limit_kind_share',
    });
  });
});

describe('kindShareLimit', () => {
  it('rounds down, allows at least one when the share is above 0, none at 0', () => {
    expect(kindShareLimit(0.1, 40)).toBe(4);
    expect(kindShareLimit(0.1, 5)).toBe(1);
    expect(kindShareLimit(0, 100)).toBe(0);
  });
});

describe('inMaintenanceWindow', () => {
  it('is always open without windows, and matches the whole minute', () => {
    expect(inMaintenanceWindow([], NOW)).toBe(true);
    expect(inMaintenanceWindow([{ cron: '30 2 * * *', timezone: 'UTC' }], NOW)).toBe(true);
    expect(inMaintenanceWindow([{ cron: '31 2 * * *', timezone: 'UTC' }], NOW)).toBe(false);
  });

  it('is open when any window matches', () => {
    const windows = [
      { cron: '* 22-23 * * *', timezone: 'UTC' },
      { cron: '* 0-5 * * *', timezone: 'America/New_York' }, // 21:30 the day before in New York: closed
      { cron: '* 3 * * 1', timezone: 'Europe/Berlin' },
    ];
    expect(inMaintenanceWindow(windows, NOW)).toBe(true);
    expect(inMaintenanceWindow(windows.slice(0, 2), NOW)).toBe(false);
  });

  it('leaves no node-cron task behind', async () => {
    const before = getTasks().size;
    inMaintenanceWindow([{ cron: '* 3 * * *', timezone: 'UTC' }], NOW);
    await Promise.resolve();
    expect(getTasks().size).toBe(before);
  });
});

describe('remediation.auto schema', () => {
  it('rejects an invalid window expression', () => {
    expect(RemediationSection.safeParse({ auto: { windows: [{ cron: 'every night' }] } }).success).toBe(false);
  });
});
