import type { SavingsNormaliser } from '../config/savings-section.ts';
import type { DailyCost } from '../snapshot/billing-source.ts';
import { formatUsd, roundCents } from './format-usd.ts';
import { PRICE_BASIS } from './price-basis.ts';
import type { DayWindow, ResourceChange, SavingsConfidence, SavingsMeasurement } from './savings-measurement.ts';

/** Days per month in every USD/month figure (estimates use the same factor). */
export const DAYS_PER_MONTH = 30;

/** What {@link measureSavings} compares. */
export interface MeasureSavingsInput {
  before: DayWindow;
  after: DayWindow;
  /** Billing rows of the before-window (days without usage absent). */
  beforeRows: readonly DailyCost[];
  /** Billing rows of the after-window. */
  afterRows: readonly DailyCost[];
  normaliser: SavingsNormaliser;
  /** Changes to the resource by someone else after lakewarden's change, up to the after-window end. */
  laterChanges: readonly ResourceChange[];
  /** Fewer days with usage than this in either window → low confidence. */
  minDaysWithUsage: number;
  /** Activity changing by more than this percent → at most medium confidence. */
  activityChangeWarnPct: number;
}

const UNIT: Record<Exclude<SavingsNormaliser, 'none'>, string> = { per_query: 'queries', per_run: 'runs' };

/**
 * Verified savings of one change (pure): the resource's list cost per day over `before` vs `after`
 * (same length), adjusted for activity when `normaliser` is per_query / per_run (baseline = before cost
 * per unit × after-window units / days), `verifiedUsdPerMonth = (baseline − after) × 30`. Confounders
 * (resource deleted = no usage after; changed again by someone else; too little data) lower the
 * confidence to low; a missing or strongly shifted activity lowers it to medium.
 */
export function measureSavings(input: MeasureSavingsInput): SavingsMeasurement {
  const sumBefore = sum(input.beforeRows, (r) => r.usd);
  const sumAfter = sum(input.afterRows, (r) => r.usd);
  const rawBeforeUsdPerDay = sumBefore / input.before.days;
  const afterUsdPerDay = sumAfter / input.after.days;
  const daysBefore = input.beforeRows.filter((r) => r.usd !== 0 || r.dbus !== 0).length;
  const daysAfter = input.afterRows.filter((r) => r.usd !== 0 || r.dbus !== 0).length;

  const confounders: string[] = [];
  const lowReasons: string[] = [];
  const mediumReasons: string[] = [];
  const deleted = daysBefore > 0 && input.afterRows.length === 0;
  if (deleted) {
    confounders.push(
      `resource deleted or never ran again: no billing usage from ${input.after.from} to ${input.after.to}`,
    );
  }
  for (const change of input.laterChanges) {
    confounders.push(`changed again on ${change.at.slice(0, 10)} by ${change.by}: ${change.description}`);
  }
  const thinBefore = daysBefore < input.minDaysWithUsage;
  const thinAfter = !deleted && daysAfter < input.minDaysWithUsage;
  if (thinBefore || thinAfter) {
    confounders.push(
      `too little data: ${daysBefore} day(s) with usage before and ${daysAfter} after (at least ${input.minDaysWithUsage} needed in each window)`,
    );
  }
  if (confounders.length > 0) lowReasons.push(...confounders);

  let beforeUsdPerDay = rawBeforeUsdPerDay;
  let activity: SavingsMeasurement['activity'] = null;
  let formulaBaseline = `baseline = ${formatUsd(sumBefore)} / ${input.before.days} days = ${formatUsd(rawBeforeUsdPerDay)}/day`;
  let normaliser: SavingsNormaliser = input.normaliser;
  if (input.normaliser !== 'none') {
    const unit = UNIT[input.normaliser];
    const activityBefore = sumActivity(input.beforeRows);
    const activityAfter = sumActivity(input.afterRows);
    if (deleted) {
      normaliser = 'none';
      mediumReasons.push(`no ${unit} after the change: raw cost compared`);
    } else if (activityBefore === undefined || activityAfter === undefined || activityBefore === 0) {
      normaliser = 'none';
      mediumReasons.push(
        `no ${unit} counts in ${activityBefore === undefined || activityBefore === 0 ? 'the before' : 'the after'}-window: raw cost compared, not cost per ${unit.slice(0, -1)}`,
      );
    } else {
      activity = { before: activityBefore, after: activityAfter };
      const perUnit = sumBefore / activityBefore;
      beforeUsdPerDay = (perUnit * activityAfter) / input.after.days;
      formulaBaseline = `baseline = ${formatUsd(sumBefore)} / ${activityBefore} ${unit} × ${activityAfter} ${unit} after / ${input.after.days} days = ${formatUsd(beforeUsdPerDay)}/day`;
      const shiftPct = (Math.abs(activityAfter - activityBefore) / activityBefore) * 100;
      if (shiftPct > input.activityChangeWarnPct) {
        mediumReasons.push(
          `${unit} changed by ${Math.round(shiftPct)}% between windows (${activityBefore} → ${activityAfter}): the per-${unit.slice(0, -1)} adjustment carries more weight`,
        );
      }
    }
  }

  const verifiedUsdPerMonth = roundCents((beforeUsdPerDay - afterUsdPerDay) * DAYS_PER_MONTH);
  const formula = `${formulaBaseline}; after = ${formatUsd(sumAfter)} / ${input.after.days} days = ${formatUsd(afterUsdPerDay)}/day; verified = (${formatUsd(beforeUsdPerDay)} − ${formatUsd(afterUsdPerDay)}) × ${DAYS_PER_MONTH} = ${formatUsd(verifiedUsdPerMonth)}/month`;

  const confidence: SavingsConfidence = lowReasons.length > 0 ? 'low' : mediumReasons.length > 0 ? 'medium' : 'high';
  const reasons = [...lowReasons, ...mediumReasons];
  if (confidence === 'high') {
    reasons.push(
      `${daysBefore} and ${daysAfter} day(s) with usage in the two ${input.before.days}-day windows; no later changes by others${activity === null ? '' : `; activity steady (${activity.before} → ${activity.after})`}`,
    );
  }
  return {
    before: input.before,
    after: input.after,
    rawBeforeUsdPerDay: roundCents(rawBeforeUsdPerDay),
    beforeUsdPerDay: roundCents(beforeUsdPerDay),
    afterUsdPerDay: roundCents(afterUsdPerDay),
    verifiedUsdPerMonth,
    normaliser,
    activity,
    formula,
    outcome: describeOutcome(verifiedUsdPerMonth),
    confidence,
    reasons,
    confounders,
    priceBasis: PRICE_BASIS,
  };
}

/** "saves $X/month", "no saving", or "no saving — cost increased by $X/month". */
export function describeOutcome(verifiedUsdPerMonth: number): string {
  if (verifiedUsdPerMonth > 0) return `saves ${formatUsd(verifiedUsdPerMonth)}/month`;
  if (verifiedUsdPerMonth === 0) return 'no saving';
  return `no saving — cost increased by ${formatUsd(-verifiedUsdPerMonth)}/month`;
}

function sum(rows: readonly DailyCost[], pick: (row: DailyCost) => number): number {
  let total = 0;
  for (const row of rows) total += pick(row);
  return total;
}

/** Sum of activity, or undefined when no row of the window carries an activity count. */
function sumActivity(rows: readonly DailyCost[]): number | undefined {
  let total: number | undefined;
  for (const row of rows) if (row.activity !== undefined) total = (total ?? 0) + row.activity;
  return total;
}
