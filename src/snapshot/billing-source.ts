import type { ResourceRef } from './schema.ts';

/**
 * One UTC day of a resource's billing usage: list cost in USD (all record types summed, so
 * RETRACTION/RESTATEMENT corrections are netted, https://docs.databricks.com/aws/en/admin/system-tables/billing), DBUs, and the activity
 * units of that day when known (queries for a warehouse, runs for a job).
 */
export interface DailyCost {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** List cost, USD (pricing.effective_list.default × usage_quantity). */
  usd: number;
  dbus: number;
  activity?: number;
}

/**
 * Port: a resource's cost per day between two UTC days, inclusive. Days without usage are absent
 * (not zero rows). Implementations: `createSqlBillingSource` (system.billing.usage ⋈ list_prices)
 * and `createMemoryBillingSource` (tests, replay).
 *
 * @throws ExternalServiceError when the underlying source fails.
 */
export interface BillingSource {
  costByDay(ref: ResourceRef, from: string, to: string): Promise<DailyCost[]>;
}
