import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from '../errors.ts';

const Row = z.object({
  sku_name: z.string().trim().min(1, 'a SKU name as in system.billing.list_prices.sku_name'),
  usd_per_dbu: z.coerce
    .number({ error: 'a number' })
    .refine((n) => Number.isFinite(n) && n > 0, 'a price above 0 in USD per DBU'),
  cloud: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['AWS', 'AZURE', 'GCP'], { error: 'AWS, AZURE or GCP (or empty for every cloud)' }).optional(),
  ),
});

/** One row of an effective-price file: what the account really pays for a SKU, USD per DBU. */
export interface EffectivePriceRow {
  sku_name: string;
  usd_per_dbu: number;
  /** The cloud the row is for; absent = every cloud. */
  cloud?: 'AWS' | 'AZURE' | 'GCP' | undefined;
}

/**
 * Parses an effective-price CSV: a header line with `sku_name` and `usd_per_dbu` (USD per DBU the account really
 * pays) and an optional `cloud` column; other columns are ignored. The SKU names are those of
 * `system.billing.list_prices` (https://docs.databricks.com/aws/en/admin/system-tables/pricing). Pure.
 * @throws InputError naming the file, the line and the column of each bad row, or a missing column.
 */
export function parseEffectivePriceFile(text: string, file: string): EffectivePriceRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new InputError(`${file}: not a CSV file (${(error as Error).message})`);
  }
  if (records.length === 0)
    throw new InputError(`${file}: no prices (expected a header sku_name,usd_per_dbu and rows)`);
  const problems: string[] = [];
  const rows: EffectivePriceRow[] = [];
  const seen = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    const line = index + 2;
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        const message = record[column] === undefined ? `missing column ${column}` : issue.message;
        problems.push(`${file}:${line}: ${column}: ${message}`);
      }
      continue;
    }
    const key = `${parsed.data.cloud ?? '*'}|${parsed.data.sku_name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`${file}:${line}: sku_name: ${parsed.data.sku_name} is already priced on line ${first}`);
      continue;
    }
    seen.set(key, line);
    rows.push(parsed.data);
  }
  if (problems.length > 0) throw new InputError(problems.slice(0, 20).join('\n'));
  return rows;
}
