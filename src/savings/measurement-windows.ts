import type { DayWindow } from './savings-measurement.ts';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Adds `days` (may be negative) to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** The windows of one measurement and when it may run. */
export interface MeasurementWindows {
  before: DayWindow;
  after: DayWindow;
  /** Earliest time the measurement may run: start of (after.to + 1 + latencyDays), ISO UTC. */
  dueAt: string;
}

/**
 * Windows around a change at `changeAt`: the change day itself is excluded (it mixes both states);
 * `before` = the `windowDays` full UTC days before it, `after` = the `windowDays` full days after it.
 * Billing usage arrives up to a day late (https://docs.databricks.com/aws/en/admin/system-tables/billing), so the measurement is due only
 * `latencyDays` full days after the after-window ends.
 */
export function measurementWindows(changeAt: string, windowDays: number, latencyDays: number): MeasurementWindows {
  const changeDay = utcDay(new Date(changeAt));
  const before = { from: addDays(changeDay, -windowDays), to: addDays(changeDay, -1), days: windowDays };
  const after = { from: addDays(changeDay, 1), to: addDays(changeDay, windowDays), days: windowDays };
  const dueAt = `${addDays(after.to, 1 + latencyDays)}T00:00:00.000Z`;
  return { before, after, dueAt };
}
