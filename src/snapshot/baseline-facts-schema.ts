import { z } from 'zod';
import { optNum } from './fact-helpers.ts';

/**
 * Anomaly facts computed by src/stats/baseline-facts.ts from the resource's daily `series` (baseline period
 * before the window + the window; the recent period is the window's last days, see Snapshot.baseline).
 * Optional: snapshots without series still validate; rules guard with `has(facts.x)`.
 */
export const optFact = (description: string) => z.number().optional().describe(description);
export const CommonBaselineFacts = {
  costBaselineUsdPerDay: optFact('Median list cost per day of the baseline period, USD/day (2 significant figures).'),
  costRecentUsdPerDay: optFact('Median list cost per day of the recent period, USD/day (2 significant figures).'),
  costRobustZ: optFact(
    'Robust z-score of the recent cost median vs the baseline: (recent − baseline median) / max(1.4826 × MAD, 5 % of the baseline median); 1 decimal.',
  ),
  costBaselineActiveDays: optFact('Baseline days with cost > 0, days.'),
  costTrendUsdPerDayPerDay: optFact('Theil–Sen slope of the daily cost over the window, USD/day per day.'),
  costExcessUsdPerMonth: optFact(
    '(recent − baseline median cost per day) × 30, floored at 0, USD/month (2 significant figures).',
  ),
  dbusBaselinePerDay: optFact('Median DBUs per day of the baseline period, DBU/day.'),
  dbusRecentPerDay: optFact('Median DBUs per day of the recent period, DBU/day.'),
  dbusRobustZ: optFact('Robust z-score of the recent DBU median vs the baseline (as costRobustZ).'),
};
export const WarehouseBaselineFacts = {
  queriesBaselinePerDay: optFact('Median statements per day of the baseline period (query history).'),
  queriesRecentPerDay: optFact('Median statements per day of the recent period.'),
  queriesRobustZ: optFact('Robust z-score of the recent statement count vs the baseline.'),
  spillBytesPerQueryBaseline: optFact('SUM(spilled_local_bytes) / statements over the baseline period, bytes/query.'),
  spillBytesPerQueryRecent: optFact('SUM(spilled_local_bytes) / statements over the recent period, bytes/query.'),
  spillRecentQueries: optFact('Statements in the recent period.'),
  failureTopClass: z
    .string()
    .nullable()
    .optional()
    .describe(
      'Error class with the largest excess of failed statements in the recent period over its baseline (an error class only, never message text).',
    ),
  failureTopClassRecent: optFact('Failed statements of failureTopClass in the recent period.'),
  failureTopClassRecentDays: optFact('Recent days with at least one failure of failureTopClass, days.'),
  failureTopClassBaselinePerDay: optFact('Median failures per day of failureTopClass in the baseline period.'),
  failureTopClassRobustZ: optFact('Robust z-score of the recent failures of failureTopClass vs its baseline.'),
  failureTopClassPrincipals: optNum(
    'Distinct principals with a failure of failureTopClass in the recent period (a count, never names); null when not collected.',
  ),
  failuresRecent: optFact(
    'Failed statements of all error classes in the recent period (the failedQueries total series, else the sum of the class series).',
  ),
  failuresRecentDays: optFact('Recent days with at least one failed statement (all classes), days.'),
  failuresBaselinePerDay: optFact('Median failed statements per day (all classes) of the baseline period.'),
  failuresRobustZ: optFact('Robust z-score of the recent failed statements per day (all classes) vs the baseline.'),
  failuresRateBaselinePct: optFact(
    'Failed statements (all classes) / statements over the baseline period × 100, percent (2 significant figures).',
  ),
  failuresRateRecentPct: optFact('Failed statements (all classes) / statements over the recent period × 100, percent.'),
  failureTopClassRateBaselinePct: optFact(
    'Failed statements of failureTopClass / statements over the baseline period × 100, percent.',
  ),
  failureTopClassRateRecentPct: optFact(
    'Failed statements of failureTopClass / statements over the recent period × 100, percent.',
  ),
  sizeUpExtraUsdPerMonth: optFact(
    'Extra list cost of one size up at the recent usage: costRecentUsdPerDay × 30 × (DBU/h of the next size / DBU/h of this size − 1), from the size ladder, USD/month.',
  ),
};
export const JobBaselineFacts = {
  durationBaselineMedianSec: optFact(
    'Median run duration of baseline-period runs with the current configuration version, seconds.',
  ),
  durationRecentMedianSec: optFact(
    'Median run duration of recent runs with the current configuration version, seconds.',
  ),
  durationRobustZ: optFact('Robust z-score of the recent median duration vs the baseline (same configuration only).'),
  durationBaselineRuns: optFact('Baseline runs compared (current configuration version).'),
  durationRecentRuns: optFact('Recent runs compared (current configuration version).'),
  durationExcludedRuns: optFact('Runs excluded because they ran under an older configuration version.'),
  durationTrendSecPerDay: optFact('Theil–Sen slope of run duration over the window, seconds per day.'),
  durationExcessUsdPerMonth: optFact(
    '(recent − baseline median duration) × recent runs per day × 30 × window USD per run-second, USD/month.',
  ),
};
