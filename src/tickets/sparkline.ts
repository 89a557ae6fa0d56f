import type { Block } from '../document/issue-blocks.ts';
import type { FindingChart } from '../findings/finding.ts';
import { formatValue } from './format-values.ts';

/** The eight Unicode block characters of a sparkline, lowest first. */
export const SPARK_BARS = '▁▂▃▄▅▆▇█';

/** Separates the baseline weeks from the window weeks in a chart. */
export const PERIOD_MARK = '│';

/**
 * A Unicode sparkline: one bar per value, height round(value / max × 7) on a zero-based scale (so a flat
 * series at any level draws the same, and small noise rarely moves a bar). Negative values draw as ▁.
 * Empty input → ''.
 */
export function sparkline(values: readonly number[]): string {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  let out = '';
  for (const v of values) {
    const level = max > 0 ? Math.round((Math.max(0, v) / max) * (SPARK_BARS.length - 1)) : 0;
    out += SPARK_BARS[level];
  }
  return out;
}

/**
 * The chart paragraph of an anomaly finding: label and unit, the sparkline of weekly medians with
 * `│` between baseline and window weeks, and the baseline and recent medians labelled, e.g.
 * `List cost per day (USD/day), 7-day medians over 8 weeks, the last = recent: ▂▂▂▂│▂▂▂█ baseline median 120,
 * recent median 410`. No dates (they move every day and would change the content hash).
 * No blocks when the chart has no complete week.
 */
export function chartBlocks(chart: FindingChart): Block[] {
  if (chart.weeks.length === 0) return [];
  const bars = sparkline(chart.weeks.map((w) => w.median));
  let drawn = '';
  for (const [i, week] of chart.weeks.entries()) {
    if (i > 0 && week.period === 'window' && chart.weeks[i - 1]?.period === 'baseline') drawn += PERIOD_MARK;
    drawn += bars[i] ?? '';
  }
  const labels = [
    chart.baselineMedian === null ? undefined : `baseline median ${formatValue(chart.baselineMedian)}`,
    chart.recentMedian === null ? undefined : `recent median ${formatValue(chart.recentMedian)}`,
  ].filter((l): l is string => l !== undefined);
  return [
    {
      type: 'paragraph',
      spans: [
        { text: `${chart.label} (${chart.unit}), 7-day medians over ${chart.weeks.length} weeks, the last = recent: ` },
        { text: drawn, style: 'code' },
        ...(labels.length === 0 ? [] : [{ text: ` ${labels.join(', ')}` }]),
      ],
    },
  ];
}
