import { describe, expect, it } from 'vitest';
import { describeOutcome, measureSavings } from '../../../src/savings/measure-savings.ts';
import { addDays } from '../../../src/savings/measurement-windows.ts';
import type { DayWindow } from '../../../src/savings/savings-measurement.ts';
import type { DailyCost } from '../../../src/snapshot/billing-source.ts';

const before: DayWindow = { from: '2026-09-01', to: '2026-09-14', days: 14 };
const after: DayWindow = { from: '2026-09-16', to: '2026-09-29', days: 14 };

function rows(window: DayWindow, usd: number, activity?: number, count = window.days): DailyCost[] {
  return Array.from({ length: count }, (_, i) => ({
    day: addDays(window.from, i),
    usd,
    dbus: usd / 0.7,
    ...(activity === undefined ? {} : { activity }),
  }));
}

const base = { before, after, laterChanges: [], minDaysWithUsage: 7, activityChangeWarnPct: 50 } as const;

describe('measureSavings', () => {
  it('$120/day before, $40/day after, steady activity → $2,400/month, high confidence', () => {
    const m = measureSavings({
      ...base,
      beforeRows: rows(before, 120, 500),
      afterRows: rows(after, 40, 500),
      normaliser: 'per_query',
    });
    expect(m).toMatchObject({
      beforeUsdPerDay: 120,
      afterUsdPerDay: 40,
      verifiedUsdPerMonth: 2400,
      confidence: 'high',
      confounders: [],
      activity: { before: 7000, after: 7000 },
      outcome: 'saves $2,400.00/month',
    });
    expect(m.formula).toContain('× 30 = $2,400.00/month');
    expect(m.priceBasis).toContain('effective_list');
  });

  it('scales the baseline by after-window activity (cost per query × queries after)', () => {
    // before: $100/day over 10 queries/day = $10/query; after: 20 queries/day at $150/day.
    // baseline = 1400 / 140 × 280 / 14 = $200/day; saving = (200 − 150) × 30 = $1,500/month.
    const m = measureSavings({
      ...base,
      beforeRows: rows(before, 100, 10),
      afterRows: rows(after, 150, 20),
      normaliser: 'per_query',
    });
    expect(m.rawBeforeUsdPerDay).toBe(100);
    expect(m.beforeUsdPerDay).toBe(200);
    expect(m.verifiedUsdPerMonth).toBe(1500);
    expect(m.confidence).toBe('medium');
    expect(m.reasons.join(' ')).toContain('queries changed by 100%');
  });

  it('says plainly when cost went up', () => {
    const m = measureSavings({ ...base, beforeRows: rows(before, 40), afterRows: rows(after, 55), normaliser: 'none' });
    expect(m.verifiedUsdPerMonth).toBe(-450);
    expect(m.outcome).toBe('no saving — cost increased by $450.00/month');
    expect(describeOutcome(0)).toBe('no saving');
  });

  it('flags a deleted resource (no rows after) as a low-confidence confounder, comparing raw cost', () => {
    const m = measureSavings({ ...base, beforeRows: rows(before, 30, 4), afterRows: [], normaliser: 'per_run' });
    expect(m.verifiedUsdPerMonth).toBe(900);
    expect(m.normaliser).toBe('none');
    expect(m.confidence).toBe('low');
    expect(m.confounders[0]).toContain('resource deleted or never ran again');
  });

  it('flags a later edit by someone else and too little data', () => {
    const m = measureSavings({
      ...base,
      beforeRows: rows(before, 50, undefined, 3),
      afterRows: rows(after, 10),
      normaliser: 'none',
      laterChanges: [{ at: '2026-09-20T10:00:00Z', by: 'alice@example.com', description: 'resized to Large' }],
    });
    expect(m.confidence).toBe('low');
    expect(m.confounders).toEqual([
      'changed again on 2026-09-20 by alice@example.com: resized to Large',
      'too little data: 3 day(s) with usage before and 14 after (at least 7 needed in each window)',
    ]);
    // 3 days × $50 over a 14-day window: zero-usage days are real zeros.
    expect(m.rawBeforeUsdPerDay).toBeCloseTo(10.71, 2);
  });

  it('falls back to raw cost (medium) when the normaliser has no activity counts', () => {
    const m = measureSavings({
      ...base,
      beforeRows: rows(before, 120),
      afterRows: rows(after, 40),
      normaliser: 'per_run',
    });
    expect(m.verifiedUsdPerMonth).toBe(2400);
    expect(m.confidence).toBe('medium');
    expect(m.normaliser).toBe('none');
  });

  it('nets retractions: a day whose corrections sum to zero does not count as a usage day', () => {
    const beforeRows = [...rows(before, 10, undefined, 6), { day: '2026-09-10', usd: 0, dbus: 0 }];
    const m = measureSavings({ ...base, beforeRows, afterRows: rows(after, 5), normaliser: 'none' });
    expect(m.confounders.join(' ')).toContain('6 day(s) with usage before');
  });
});
