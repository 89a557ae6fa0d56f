import { z } from 'zod';
import { SKU_GROUPS } from './sku-group-names.ts';

/**
 * `savings.negotiatedPrices` — the account's negotiated price, shown next to the list price (docs/savings.md
 * "Prices"). List price stays the basis of every figure; this adds the effective amount beside it.
 */
export const NegotiatedPricesSection = z
  .object({
    discounts: z
      .partialRecord(
        z.enum(SKU_GROUPS),
        z
          .number({ error: 'a fraction of the list price, e.g. 0.25 for 25 % off' })
          .min(0, 'a discount is at least 0')
          .lt(1, 'a discount is a fraction below 1 (0.25 = 25 % off), not a percentage'),
      )
      .default({})
      .describe(
        `Discount off the list price per SKU group, as a fraction (0.25 = 25 % off). Groups: ${SKU_GROUPS.join(', ')}.`,
      ),
    effectivePriceFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'CSV file of effective prices (columns sku_name, usd_per_dbu, optional cloud), relative to this file; its SKUs win over discounts.',
      ),
  })
  .prefault({});
export type NegotiatedPricesSection = z.infer<typeof NegotiatedPricesSection>;

/** How a rule's before/after costs are adjusted for activity (https://docs.databricks.com/aws/en/admin/system-tables/billing; docs/reporting.md). */
export const SavingsNormaliser = z.enum(['per_query', 'per_run', 'none']);
export type SavingsNormaliser = z.infer<typeof SavingsNormaliser>;

/** `savings:` — how verified savings are measured from billing usage after a change (docs/reporting.md). */
export const SavingsSection = z
  .object({
    windowDays: z
      .number()
      .int()
      .min(3)
      .max(90)
      .default(14)
      .describe('Length in days of each measurement window, before and after the change (same length both sides).'),
    latencyDays: z
      .number()
      .int()
      .min(1)
      .max(7)
      .default(1)
      .describe('Full days to wait after the after-window ends before measuring (billing usage arrives late; min 1).'),
    minDaysWithUsage: z
      .number()
      .int()
      .min(1)
      .default(7)
      .describe('Fewer days with usage than this in either window lowers confidence to low ("too little data").'),
    activityChangeWarnPct: z
      .number()
      .positive()
      .default(50)
      .describe('Activity (queries or runs) changing by more than this percent between windows lowers confidence.'),
    negotiatedPrices: NegotiatedPricesSection,
    normaliserByRule: z
      .record(z.string(), SavingsNormaliser)
      .default({})
      .describe(
        'Rule id → activity normaliser. Without an entry: per_query for warehouses, per_run for jobs, none for clusters.',
      ),
  })
  .prefault({});
export type SavingsSection = z.infer<typeof SavingsSection>;
