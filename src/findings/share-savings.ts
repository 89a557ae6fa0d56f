import type { Finding } from './finding.ts';

/** Key of one resource across findings: `workspaceId|kind|id`. */
export function resourceKeyOf(resource: { workspaceId: string; kind: string; id: string }): string {
  return `${resource.workspaceId}|${resource.kind}|${resource.id}`;
}

/**
 * Applies the savings model of docs/savings.md to the findings of one scan, in place of double counting:
 *
 * 1. **Shared basis.** Findings on the same resource with the same savings basis (`estimate.basis`, e.g.
 *    `idle-hours`) claim the same cost: the one with the largest gross estimate keeps it, each other one gets
 *    `usdPerMonth` 0 and `includedIn` = the keeper's fingerprint. Basis `none` and excess findings never share.
 * 2. **Cap.** The estimates left on a resource never add up to more than the resource's own cost in the window
 *    scaled to a month (`monthlyCostOf`); the largest keeps the most, later ones get what remains
 *    (`cappedAtUsdPerMonth` records the cap). A resource whose cost is unknown (null) gets no savings.
 *
 * Pure: returns new finding objects, the input is not changed. Order is preserved.
 * @param monthlyCostOf resource key (`resourceKeyOf`) → USD/month, or null when the snapshot has no cost for it.
 */
export function shareSavings(findings: readonly Finding[], monthlyCostOf: (key: string) => number | null): Finding[] {
  const out = findings.map((f) => ({
    ...f,
    estimate: { ...f.estimate, grossUsdPerMonth: f.estimate.grossUsdPerMonth ?? f.estimate.usdPerMonth },
  }));
  const byResource = new Map<string, Finding[]>();
  for (const finding of out) {
    if (finding.excessCost !== undefined || (finding.estimate.grossUsdPerMonth ?? 0) <= 0) continue;
    const key = resourceKeyOf(finding.resource);
    const list = byResource.get(key);
    if (list === undefined) byResource.set(key, [finding]);
    else list.push(finding);
  }
  for (const [key, list] of byResource) {
    // Largest gross first; the fingerprint breaks ties so the result does not depend on rule order.
    list.sort(
      (a, b) =>
        (b.estimate.grossUsdPerMonth ?? 0) - (a.estimate.grossUsdPerMonth ?? 0) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
    const keeperOf = new Map<string, Finding>();
    for (const finding of list) {
      const basis = finding.estimate.basis ?? 'none';
      if (basis === 'none') continue;
      const keeper = keeperOf.get(basis);
      if (keeper === undefined) keeperOf.set(basis, finding);
      else {
        finding.estimate.usdPerMonth = 0;
        finding.estimate.includedIn = keeper.fingerprint;
      }
    }
    const cost = monthlyCostOf(key);
    let remaining = cost === null ? 0 : Math.max(0, roundCents(cost));
    for (const finding of list) {
      if (finding.estimate.usdPerMonth <= 0) continue;
      if (finding.estimate.usdPerMonth > remaining) {
        finding.estimate.usdPerMonth = roundCents(remaining);
        finding.estimate.cappedAtUsdPerMonth = cost === null ? 0 : roundCents(cost);
      }
      remaining = roundCents(remaining - finding.estimate.usdPerMonth);
    }
  }
  return out;
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
