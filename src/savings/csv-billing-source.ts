import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { BillingSource, DailyCost } from '../snapshot/billing-source.ts';
import type { Price } from '../snapshot/schema.ts';
import { billingKey, createMemoryBillingSource } from './memory-billing-source.ts';

/**
 * One row of the billable usage CSV downloaded from the account console (or `databricks account billable-usage
 * download`), columns as documented in "Billable usage log schema"
 * (https://docs.databricks.com/en/admin/account-settings/usage-analysis.html#csv-file-schema): usage per hour
 * (`timestamp` = end of the hour, UTC), `clusterId` = the cluster or SQL warehouse id, `sku`, `dbus`, and `tags`
 * (JSON of default and custom tags; job clusters carry the default tag `JobId`). Other columns are ignored.
 */
const UsageRow = z.object({
  workspaceId: z.string().regex(/^\d+$/, 'a numeric workspace id'),
  timestamp: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'an ISO date-time'),
  clusterId: z.string().default(''),
  sku: z.string().min(1),
  dbus: z.coerce.number({ error: 'a number' }).refine(Number.isFinite, 'a number'),
  tags: z.string().default(''),
});

/** The job id in a row's `tags` JSON (default tag `JobId` of job clusters), if any. */
function jobIdOf(tags: string): string | undefined {
  if (tags.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(tags);
    const id = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).JobId : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A {@link BillingSource} over a billable usage CSV export. The CSV has DBUs but no prices: each row's list cost is
 * `dbus × usd_per_dbu` of its `sku` from `prices` (Snapshot.prices, i.e. system.billing.list_prices, e.g. from
 * the last saved snapshot). Attribution as the SQL source: a row with a `JobId` tag belongs to that job; other rows
 * belong to the cluster or warehouse named by `clusterId` (the export does not say which, so both keys are
 * filled and only the resource asked for matches). Hours are summed per UTC day of the hour's start. No activity
 * counts (the export has none): measurements compare raw cost at medium confidence.
 * @throws InputError naming the file, the line and the column for a malformed row; `costByDay` rejects with an
 *   InputError naming the line when the resource asked for has a row whose SKU has no price.
 */
export function createCsvBillingSource(text: string, file: string, prices: readonly Price[]): BillingSource {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new InputError(`${file}: not a CSV file (${(error as Error).message})`);
  }
  const priceOf = new Map(prices.map((p) => [p.sku_name, p.usd_per_dbu]));
  const rows = new Map<string, DailyCost[]>();
  /** Resources with a row whose SKU has no price: measuring them fails (others are unaffected). */
  const unpriced = new Map<string, string>();
  const add = (key: string, cost: DailyCost) => rows.set(key, [...(rows.get(key) ?? []), cost]);
  records.forEach((record, index) => {
    const parsed = UsageRow.safeParse(record);
    const line = index + 2;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `${file}:${line}: column ${String(issue?.path[0] ?? '?')}: expected ${issue?.message ?? 'a value'} (billable usage CSV from the account console)`,
      );
    }
    const row = parsed.data;
    const price = priceOf.get(row.sku);
    // `timestamp` is the end of the hour (…:59:59.999Z): the hour's usage belongs to the day it started in.
    const day = new Date(Date.parse(row.timestamp) - 1).toISOString().slice(0, 10);
    const cost: DailyCost = { day, usd: row.dbus * (price ?? 0), dbus: row.dbus };
    const jobId = jobIdOf(row.tags);
    const keys =
      jobId !== undefined
        ? [billingKey({ workspaceId: row.workspaceId, kind: 'job', id: jobId })]
        : row.clusterId === ''
          ? []
          : [
              billingKey({ workspaceId: row.workspaceId, kind: 'cluster', id: row.clusterId }),
              billingKey({ workspaceId: row.workspaceId, kind: 'warehouse', id: row.clusterId }),
            ];
    for (const key of keys) {
      add(key, { ...cost });
      if (price === undefined && !unpriced.has(key)) {
        unpriced.set(
          key,
          `${file}:${line}: no list price for SKU ${row.sku}: pass --prices <snapshot.json> with that SKU in its prices`,
        );
      }
    }
  });
  const memory = createMemoryBillingSource(rows);
  return {
    costByDay(ref, from, to) {
      const problem = unpriced.get(billingKey(ref));
      return problem === undefined ? memory.costByDay(ref, from, to) : Promise.reject(new InputError(problem));
    },
  };
}
