import type { Price } from '../../snapshot/schema.ts';
import { skuPatternOf } from '../../snapshot/sku-groups.ts';
import { toNumberOrNull } from './values.ts';

const CLOUDS = new Set(['AWS', 'AZURE', 'GCP']);

/** `list-prices-current` rows (sku_name, cloud, usage_unit, usd_per_unit DECIMAL string) → snapshot prices (DBU only). */
export function pricesFromRows(rows: readonly Readonly<Record<string, unknown>>[]): Price[] {
  const prices: Price[] = [];
  for (const row of rows) {
    const cloud = String(row.cloud);
    const usd = toNumberOrNull(row.usd_per_unit);
    if (!CLOUDS.has(cloud) || usd === null || row.usage_unit !== 'DBU') continue;
    prices.push({
      sku_name: String(row.sku_name),
      cloud: cloud as Price['cloud'],
      usage_unit: 'DBU',
      usd_per_dbu: usd,
    });
  }
  return prices.sort((a, b) => a.sku_name.localeCompare(b.sku_name));
}

/**
 * The list price (USD per DBU) of the first SKU for `cloud` whose name matches, preferring SKUs without a
 * qualifier in parentheses (e.g. `(PHOTON)`); 0 when none matches.
 */
export function listPrice(prices: readonly Price[], cloud: string, pattern: RegExp): number {
  const candidates = prices.filter((p) => p.cloud === cloud && pattern.test(p.sku_name));
  const plain = candidates.find((p) => !p.sku_name.includes('('));
  return (plain ?? candidates[0])?.usd_per_dbu ?? 0;
}

export const ALL_PURPOSE_SKU = skuPatternOf('ALL_PURPOSE');
export const JOBS_SKU = skuPatternOf('JOBS');
