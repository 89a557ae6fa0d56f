import { describe, expect, it } from 'vitest';
import { compactRuns } from '../../../src/stats/compact-runs.ts';
import { madOf, medianOf } from '../../../src/stats/median.ts';
import { countScaleFloor, robustCompare } from '../../../src/stats/robust-z.ts';
import { roundSignificant } from '../../../src/stats/round-significant.ts';
import { theilSenSlope } from '../../../src/stats/theil-sen.ts';
import { weeklyMedians } from '../../../src/stats/weekly-chart.ts';
import { sparkline } from '../../../src/tickets/sparkline.ts';

describe('robust statistics', () => {
  it('median and MAD ignore one outlier; empty → null', () => {
    expect(medianOf([1, 2, 3, 4, 1000])).toBe(3);
    expect(madOf([1, 2, 3, 4, 1000])).toBe(1); // |x − 3| = 2,1,0,1,997 → median 1
    expect(medianOf([])).toBeNull();
  });

  it('Theil–Sen recovers the slope of a line with outliers, with x positions', () => {
    const ys = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18].map((y, i) => (i === 3 ? 500 : y));
    expect(theilSenSlope(ys)).toBe(2);
    expect(theilSenSlope([1, 3, 5], [0, 10, 20])).toBe(0.2);
    expect(theilSenSlope([5])).toBeNull();
  });

  it('robust z = (recent − baseline median) / max(1.4826 × MAD, 5 % of the median, count floor)', () => {
    const baseline = [100, 102, 98, 101, 99, 100, 103, 97];
    const z = robustCompare(baseline, [130, 131, 129]);
    // median 100, MAD 1.5 → scale max(2.2239, 5) = 5 → z = 30 / 5
    expect(z?.robustZ).toBeCloseTo(6);
    expect(robustCompare([3, 4, 3, 4, 3], [4, 4, 4], { counts: true })?.robustZ).toBeCloseTo(1 / Math.sqrt(3));
    expect(countScaleFloor(0)).toBe(1);
    expect(robustCompare([], [1])).toBeNull();
    expect(robustCompare([0, 0], [0, 0])?.robustZ).toBe(0);
  });

  it('rounds to 2 significant figures', () => {
    expect([1234, 0.04567, 99.5, 0, -151].map((v) => roundSignificant(v))).toEqual([1200, 0.046, 100, 0, -150]);
  });

  it('compacts per-run series above the cap to one median point per day with the day’s last version', () => {
    const runs = Array.from({ length: 48 }, (_, i) => ({
      day: Math.floor(i / 24),
      durationSec: 100 + (i % 24),
      configVersion: i >= 40 ? 1 : 0,
    }));
    expect(compactRuns(runs, 100)).toHaveLength(48);
    expect(compactRuns(runs, 10)).toEqual([
      { day: 0, durationSec: 111.5, configVersion: 0 },
      { day: 1, durationSec: 119.5, configVersion: 1 }, // runs 40-47 → durations 116-123
    ]);
  });

  it('7-day chart buckets end on the last day and sparkline scales from zero', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i >= 53 ? 300 : 100));
    const weeks = weeklyMedians(values, '2026-09-02', 60, '2026-10-02');
    expect(weeks.map((w) => w.median)).toEqual([100, 100, 100, 100, 100, 100, 100, 300]);
    expect(weeks[0]?.start).toBe('2026-09-06');
    expect(weeks.map((w) => w.period)).toEqual([...Array(4).fill('baseline'), ...Array(4).fill('window')]);
    expect(sparkline([0, 100, 200, 300, 400, 500, 600, 700])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5])).toBe('██');
    expect(sparkline([])).toBe('');
  });
});
