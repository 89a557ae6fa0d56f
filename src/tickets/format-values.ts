/** The placeholder shown for an empty or missing value (an ADF text node may never be empty; jira.md §2.1). */
export const EMPTY = '—';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const price = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** Formats an amount in USD with 2 decimals and thousands separators, e.g. `1234.5` → `$1,234.50`. */
export function formatUsd(amount: number): string {
  return usd.format(amount);
}

/** Formats a price in USD per DBU with 2 to 4 decimals (list prices such as $0.22 or $0.5500), or `—`. */
export function formatUsdPerDbu(value: number | null): string {
  return value === null || !Number.isFinite(value) ? EMPTY : price.format(value);
}

/**
 * Formats any scalar for display: numbers with up to 2 decimals and separators, booleans as yes/no,
 * null/undefined/blank as `—`, arrays joined with ", ", other objects as JSON.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') return Number.isFinite(value) ? decimal.format(value) : EMPTY;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value.trim() === '' ? EMPTY : value;
  if (Array.isArray(value)) return value.length === 0 ? EMPTY : value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

/** Returns `text`, or `—` when it is empty or only whitespace. */
export function nonEmpty(text: string): string {
  return text.trim() === '' ? EMPTY : text;
}
