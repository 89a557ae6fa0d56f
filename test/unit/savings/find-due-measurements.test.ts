import { describe, expect, it } from 'vitest';
import { SavingsSection } from '../../../src/config/savings-section.ts';
import { findDueMeasurements } from '../../../src/savings/find-due-measurements.ts';
import { measurementWindows } from '../../../src/savings/measurement-windows.ts';
import { normaliserFor } from '../../../src/savings/normaliser-for.ts';
import { action, issue } from '../reporting/report-fixture.ts';

const savings = SavingsSection.parse({});

describe('measurementWindows', () => {
  it('skips the change day and waits a full day of billing latency after the after-window', () => {
    expect(measurementWindows('2026-09-15T23:59:00Z', 14, 1)).toEqual({
      before: { from: '2026-09-01', to: '2026-09-14', days: 14 },
      after: { from: '2026-09-16', to: '2026-09-29', days: 14 },
      dueAt: '2026-10-01T00:00:00.000Z',
    });
    expect(measurementWindows('2026-12-31T01:00:00Z', 7, 2).dueAt).toBe('2027-01-10T00:00:00.000Z');
  });
});

describe('findDueMeasurements', () => {
  const issues = [
    issue(1),
    issue(2, { state: 'resolved', resolvedAt: '2026-09-15T00:00:00.000Z' }),
    issue(3, { state: 'resolved', resolvedAt: '2026-09-15T00:00:00.000Z' }),
    issue(4, { resourceKind: 'pipeline' }),
  ];
  const actions = [
    action('fp1', { updatedAt: '2026-09-10T00:00:00.000Z' }),
    action('fp3', { state: 'failed' }),
    action('fp4', { updatedAt: '2026-09-10T00:00:00.000Z' }),
    action('fp9', { updatedAt: '2026-09-10T00:00:00.000Z' }),
  ];

  it('takes verified actions and manual fixes (resolved, no action) once due, skipping unknown kinds and issues', () => {
    const due = (now: string, measured: string[] = []) =>
      findDueMeasurements({ issues, actions, measuredKeys: new Set(measured), savings, now: new Date(now) }).map(
        (c) => c.key,
      );
    expect(due('2026-09-25T23:59:59Z')).toEqual([]);
    expect(due('2026-09-26T00:00:00Z')).toEqual(['action:act-fp1']);
    expect(due('2026-10-01T00:00:00Z')).toEqual(['action:act-fp1', 'manual:fp2']);
    expect(due('2026-10-01T00:00:00Z', ['action:act-fp1'])).toEqual(['manual:fp2']);
  });
});

describe('normaliserFor', () => {
  it('defaults by kind and lets config override per rule', () => {
    expect(normaliserFor('r', 'warehouse', savings)).toBe('per_query');
    expect(normaliserFor('r', 'job', savings)).toBe('per_run');
    expect(normaliserFor('r', 'cluster', savings)).toBe('none');
    expect(normaliserFor('r', 'warehouse', SavingsSection.parse({ normaliserByRule: { r: 'none' } }))).toBe('none');
  });
});
