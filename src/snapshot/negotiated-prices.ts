import type { EffectivePriceRow } from '../config/effective-price-file.ts';
import type { SkuGroup } from '../config/sku-group-names.ts';
import type { Price, Resource } from './schema.ts';
import { skuGroupOfResource, skuGroupOfSku } from './sku-groups.ts';

/**
 * An account's negotiated prices (docs/savings.md "Prices"): a discount per SKU group (fraction of the list
 * price, 0.25 = 25 % off) and/or effective prices per SKU from a file. Where the file names a SKU of the
 * resource's group, the file wins; else the group's discount; else the list price.
 */
export interface NegotiatedPrices {
  discounts: Partial<Record<SkuGroup, number>>;
  effectivePrices: readonly EffectivePriceRow[];
  /** Where the prices come from, shown next to every effective amount (e.g. the file name, or `configured discounts`). */
  source: string;
}

/** The effective price of one resource as a share of its list price. */
export interface EffectiveRate {
  /** Effective / list, 0 < ratio ≤ any (a file may price above list). */
  ratio: number;
  group: SkuGroup;
  /** How the ratio was found: `effective price of <SKU>` or `discount for <group>`. */
  from: string;
}

/**
 * The effective rate of a resource, or null when nothing negotiated applies (list price). With an effective-price
 * file row of the resource's SKU group for its cloud, the rate is that row's price over the SKU's list price
 * (`prices`, i.e. system.billing.list_prices); when several SKUs of the group are listed, the one whose list
 * price is nearest the resource's own USD per DBU (`facts.usdPerDbu`, its billed list price) is used.
 * Pure.
 */
export function effectiveRateOf(
  resource: Resource,
  cloud: string | undefined,
  prices: readonly Price[],
  negotiated: NegotiatedPrices,
): EffectiveRate | null {
  const group = skuGroupOfResource(resource);
  const own = (resource.facts as Record<string, unknown>).usdPerDbu;
  const candidates: Array<{ sku: string; ratio: number; list: number }> = [];
  for (const row of negotiated.effectivePrices) {
    if (row.cloud !== undefined && row.cloud !== cloud) continue;
    if (skuGroupOfSku(row.sku_name) !== group) continue;
    const list = prices.find((p) => p.sku_name === row.sku_name && p.cloud === cloud)?.usd_per_dbu;
    if (list === undefined || list <= 0) continue;
    candidates.push({ sku: row.sku_name, ratio: row.usd_per_dbu / list, list });
  }
  if (candidates.length > 0) {
    const target = typeof own === 'number' && Number.isFinite(own) ? own : (candidates[0]?.list ?? 0);
    const best = candidates.reduce((a, b) => (Math.abs(b.list - target) < Math.abs(a.list - target) ? b : a));
    return { ratio: best.ratio, group, from: `effective price of ${best.sku}` };
  }
  const discount = negotiated.discounts[group];
  if (discount === undefined) return null;
  return { ratio: 1 - discount, group, from: `discount for ${group}` };
}

/** True when the account has any negotiated price configured. */
export function hasNegotiatedPrices(negotiated: NegotiatedPrices | undefined): negotiated is NegotiatedPrices {
  return (
    negotiated !== undefined && (negotiated.effectivePrices.length > 0 || Object.keys(negotiated.discounts).length > 0)
  );
}
