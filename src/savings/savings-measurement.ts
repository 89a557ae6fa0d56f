import type { SavingsNormaliser } from '../config/savings-section.ts';

/** Confidence of a verified saving: how far a manager may trust the number. */
export type SavingsConfidence = 'high' | 'medium' | 'low';

/** One inclusive window of UTC days, `YYYY-MM-DD`. */
export interface DayWindow {
  from: string;
  to: string;
  days: number;
}

/** A later change to the resource by someone else, seen in the after-window (a confounder). */
export interface ResourceChange {
  /** ISO time of the change. */
  at: string;
  /** Who made it (user name or principal), as the change source reports it. */
  by: string;
  /** What changed, in plain words (e.g. "resized to Large"). */
  description: string;
}

/**
 * The result of {@link measureSavings}. USD figures are list cost (see `priceBasis`):
 * `beforeUsdPerDay` is the baseline (activity-adjusted when a normaliser applied), `afterUsdPerDay`
 * the measured after-window cost per day, `verifiedUsdPerMonth = (before − after) × 30` (negative =
 * cost increased).
 */
export interface SavingsMeasurement {
  before: DayWindow;
  after: DayWindow;
  /** Raw before-window cost per day (USD/day), before any activity adjustment. */
  rawBeforeUsdPerDay: number;
  /** Baseline cost per day (USD/day): raw, or cost per unit × after-window activity / days. */
  beforeUsdPerDay: number;
  /** After-window cost per day (USD/day). */
  afterUsdPerDay: number;
  /** (before − after) × 30, USD/month, rounded to cents; may be negative. */
  verifiedUsdPerMonth: number;
  normaliser: SavingsNormaliser;
  /** Activity units per window when a normaliser applied (queries or runs), else null. */
  activity: { before: number; after: number } | null;
  /** The formula in words with the numbers filled in. */
  formula: string;
  /** Plain-words outcome: "saves $2,400.00/month", "no saving", "cost increased by $…/month". */
  outcome: string;
  confidence: SavingsConfidence;
  /** Why the confidence is what it is (one line each). */
  reasons: string[];
  /** What else may explain the difference (resource deleted, edited again, too little data). */
  confounders: string[];
  /** The price the USD figures use. */
  priceBasis: string;
}
