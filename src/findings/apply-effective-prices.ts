import { effectiveRateOf, hasNegotiatedPrices, type NegotiatedPrices } from '../snapshot/negotiated-prices.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { EffectiveAmount, Finding } from './finding.ts';
import { resourceKeyOf } from './share-savings.ts';

/**
 * Adds the effective (negotiated) amount next to each finding's list amount: `estimate.effective` and
 * `excessCost.effective` = the list amount × the resource's effective rate (negotiated-prices.ts), after savings
 * were shared and capped, so both columns follow the same model. Findings whose resource has no negotiated price
 * keep list only. Pure: returns new finding objects; without negotiated prices returns the input unchanged.
 */
export function applyEffectivePrices(
  findings: readonly Finding[],
  snapshot: Snapshot,
  negotiated: NegotiatedPrices | undefined,
): readonly Finding[] {
  if (!hasNegotiatedPrices(negotiated)) return findings;
  const resources = new Map(snapshot.resources.map((r) => [resourceKeyOf(r), r]));
  const cloudOf = new Map(snapshot.workspaces.map((w) => [w.id, w.cloud]));
  return findings.map((finding) => {
    const resource = resources.get(resourceKeyOf(finding.resource));
    if (resource === undefined) return finding;
    const rate = effectiveRateOf(resource, cloudOf.get(resource.workspaceId), snapshot.prices, negotiated);
    if (rate === null) return finding;
    const at = (usdPerMonth: number): EffectiveAmount => ({
      usdPerMonth: Math.round(usdPerMonth * rate.ratio * 100) / 100,
      ratio: Math.round(rate.ratio * 10_000) / 10_000,
      from: rate.from,
      source: negotiated.source,
    });
    return {
      ...finding,
      estimate: { ...finding.estimate, effective: at(finding.estimate.usdPerMonth) },
      ...(finding.excessCost === undefined
        ? {}
        : { excessCost: { ...finding.excessCost, effective: at(finding.excessCost.usdPerMonth) } }),
    };
  });
}
