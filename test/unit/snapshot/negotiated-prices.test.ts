import { describe, expect, it } from 'vitest';
import { parseEffectivePriceFile } from '../../../src/config/effective-price-file.ts';
import { SavingsSection } from '../../../src/config/savings-section.ts';
import { InputError } from '../../../src/errors.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { effectiveRateOf, type NegotiatedPrices } from '../../../src/snapshot/negotiated-prices.ts';
import { skuGroupOfResource, skuGroupOfSku } from '../../../src/snapshot/sku-groups.ts';
import { buildCluster, buildSnapshot, buildWarehouse } from '../../support/resource-builders.ts';
import { compileRuleFile } from '../../support/rule-harness.ts';

const idleWarehouse = buildWarehouse({
  config: { auto_stop_mins: 0 },
  facts: { idleTailHours: 40, idleTailCount: 1 },
});

describe('SKU groups', () => {
  it('groups real list_prices SKU names whatever their tier, region and Photon suffix', () => {
    expect(skuGroupOfSku('PREMIUM_SQL_PRO_COMPUTE_US_WEST_OREGON')).toBe('SQL_PRO');
    expect(skuGroupOfSku('PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST_N_VIRGINIA')).toBe('SERVERLESS_SQL');
    expect(skuGroupOfSku('ENTERPRISE_SQL_COMPUTE')).toBe('SQL_CLASSIC');
    expect(skuGroupOfSku('PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)')).toBe('ALL_PURPOSE');
    expect(skuGroupOfSku('PREMIUM_JOBS_COMPUTE')).toBe('JOBS');
    expect(skuGroupOfSku('PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_N_VIRGINIA')).toBe('SERVERLESS_JOBS');
    expect(skuGroupOfSku('PREMIUM_DLT_ADVANCED_COMPUTE_(PHOTON)')).toBe('DLT');
    expect(skuGroupOfSku('PREMIUM_MODEL_SERVING')).toBe('OTHER');
  });

  it('tells serverless, pro and classic warehouses apart, and job clusters from all-purpose ones', () => {
    expect(skuGroupOfResource(buildWarehouse())).toBe('SQL_PRO');
    expect(skuGroupOfResource(buildWarehouse({ config: { enable_serverless_compute: true } }))).toBe('SERVERLESS_SQL');
    expect(skuGroupOfResource(buildWarehouse({ config: { warehouse_type: 'CLASSIC' } }))).toBe('SQL_CLASSIC');
    expect(skuGroupOfResource(buildCluster())).toBe('ALL_PURPOSE');
    expect(skuGroupOfResource(buildCluster({ config: { cluster_source: 'JOB' } }))).toBe('JOBS');
  });
});

describe('effective-price file', () => {
  it('reads sku_name, usd_per_dbu and an optional cloud', () => {
    const rows = parseEffectivePriceFile(
      'sku_name,usd_per_dbu,cloud\nPREMIUM_SQL_PRO_COMPUTE,0.44,AWS\nPREMIUM_JOBS_COMPUTE,0.12,\n',
      'prices.csv',
    );
    expect(rows).toEqual([
      { sku_name: 'PREMIUM_SQL_PRO_COMPUTE', usd_per_dbu: 0.44, cloud: 'AWS' },
      { sku_name: 'PREMIUM_JOBS_COMPUTE', usd_per_dbu: 0.12, cloud: undefined },
    ]);
  });

  it('names the file, line and column of each bad row', () => {
    const text = 'sku_name,usd_per_dbu,cloud\nPREMIUM_SQL_PRO_COMPUTE,abc,AWS\n,0.3,\nX,0.2,MARS\nX,0.2,\n';
    expect(() => parseEffectivePriceFile(text, 'prices.csv')).toThrow(InputError);
    let message = '';
    try {
      parseEffectivePriceFile(text, 'prices.csv');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('prices.csv:2: usd_per_dbu: a number');
    expect(message).toContain('prices.csv:3: sku_name:');
    expect(message).toContain('prices.csv:4: cloud: AWS, AZURE or GCP');
    expect(message).not.toContain('prices.csv:5');
    expect(() => parseEffectivePriceFile('sku_name,price\nA,1\n', 'p.csv')).toThrow(
      /p.csv:2: usd_per_dbu: missing column/,
    );
    expect(() => parseEffectivePriceFile('', 'p.csv')).toThrow(/no prices/);
  });
});

describe('savings.negotiatedPrices', () => {
  it('takes discounts as fractions per SKU group and rejects percentages and unknown groups', () => {
    expect(SavingsSection.parse({ negotiatedPrices: { discounts: { SQL_PRO: 0.2 } } }).negotiatedPrices).toEqual({
      discounts: { SQL_PRO: 0.2 },
    });
    const percent = SavingsSection.safeParse({ negotiatedPrices: { discounts: { SQL_PRO: 20 } } });
    expect(percent.success).toBe(false);
    expect(percent.error?.issues[0]?.message).toMatch(/fraction below 1/);
    expect(SavingsSection.safeParse({ negotiatedPrices: { discounts: { SQL: 0.2 } } }).success).toBe(false);
  });
});

describe('effective rate of a resource', () => {
  const prices = buildSnapshot([]).prices;

  it('uses the effective-price file row of the resource SKU group over a group discount', () => {
    const negotiated: NegotiatedPrices = {
      discounts: { SQL_PRO: 0.5 },
      effectivePrices: [{ sku_name: 'PREMIUM_SQL_PRO_COMPUTE', usd_per_dbu: 0.44 }],
      source: 'effective-price file prices.csv',
    };
    const rate = effectiveRateOf(buildWarehouse(), 'AWS', prices, negotiated);
    expect(rate?.ratio).toBeCloseTo(0.8, 10); // 0.44 / 0.55
    expect(rate).toMatchObject({ group: 'SQL_PRO', from: 'effective price of PREMIUM_SQL_PRO_COMPUTE' });
    // another cloud: the row is for AWS prices only, so the group discount applies
    expect(effectiveRateOf(buildWarehouse(), 'AZURE', prices, negotiated)?.from).toBe('discount for SQL_PRO');
    // no negotiated price for all-purpose compute: list price
    expect(effectiveRateOf(buildCluster(), 'AWS', prices, negotiated)).toBeNull();
  });
});

describe('evaluateSnapshot with negotiated prices', () => {
  const rule = compileRuleFile('warehouse-auto-stop-too-long');

  it('keeps list amounts and adds the effective amount next to them', () => {
    const snapshot = buildSnapshot([idleWarehouse]);
    const listOnly = evaluateSnapshot(snapshot, [rule]).findings[0];
    expect(listOnly?.estimate.effective).toBeUndefined();
    const negotiated: NegotiatedPrices = {
      discounts: { SQL_PRO: 0.3 },
      effectivePrices: [],
      source: 'configured discounts',
    };
    const finding = evaluateSnapshot(snapshot, [rule], undefined, { negotiated }).findings[0];
    expect(finding?.estimate.usdPerMonth).toBe(listOnly?.estimate.usdPerMonth);
    expect(finding?.estimate.price).toBe('list');
    expect(finding?.estimate.effective).toEqual({
      usdPerMonth: Math.round((listOnly?.estimate.usdPerMonth ?? 0) * 0.7 * 100) / 100,
      ratio: 0.7,
      from: 'discount for SQL_PRO',
      source: 'configured discounts',
    });
  });
});
