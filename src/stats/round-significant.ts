/**
 * Rounds to `digits` significant figures (2 by default): 1234 → 1200, 0.04567 → 0.046, 0 → 0.
 * Facts shown on issues are rounded like this so day-to-day noise rarely changes the rendered text
 * (and with it the content hash that decides whether an issue is updated).
 */
export function roundSignificant(value: number, digits = 2): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** (digits - 1 - magnitude);
  const rounded = Math.round(value * factor) / factor;
  // Remove binary noise such as 0.30000000000000004.
  return Number(rounded.toPrecision(digits));
}

/** Rounds to `decimals` decimal places. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
