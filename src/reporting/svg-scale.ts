/** A linear scale from [min, max] (always including 0) onto [0, length] pixels. */
export interface LinearScale {
  (value: number): number;
  zero: number;
}

/** Builds a {@link LinearScale}; a flat domain maps everything to 0. */
export function linearScale(values: readonly number[], length: number): LinearScale {
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min;
  const scale = ((value: number) => (span === 0 ? 0 : ((value - min) / span) * length)) as LinearScale;
  scale.zero = scale(0);
  return scale;
}

/** Compact USD for axis labels: `$1.2k`, `$950`, `-$40`. */
export function shortUsd(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(1)}M`;
  if (abs >= 1000) return `${sign}$${(abs / 1000).toFixed(1)}k`;
  return `${sign}$${Math.round(abs)}`;
}

/** A number formatted for SVG coordinates (two decimals, no trailing zeros). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}
