import { EMPTY } from '../document/issue-blocks.ts';

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

const BYTE_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * A measured value in human units for people: bytes as KiB/MiB/GiB/TiB (1024-based, `bytes/query` →
 * `GiB/query`), seconds and milliseconds as s / min / h, a `fraction` as %. Other units, and values that are
 * not numbers, keep their unit and `formatValue`.
 * @returns the display value (e.g. `5.03 GiB/query`, `2.5 h`) and its unit (`GiB/query`, `h`)
 */
export function formatMeasure(value: unknown, unit: string): { text: string; unit: string } {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { text: formatValue(value), unit };
  const [base = unit, per] = unit.split('/');
  if (base === 'bytes') {
    let scaled = value;
    let index = 0;
    while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
      scaled /= 1024;
      index++;
    }
    const human = `${BYTE_UNITS[index]}${per === undefined ? '' : `/${per}`}`;
    return { text: `${index === 0 ? decimal.format(scaled) : decimal.format(scaled)} ${human}`, unit: human };
  }
  if (base === 'seconds' || base === 'ms') {
    const seconds = base === 'ms' ? value / 1000 : value;
    const [amount, human] =
      Math.abs(seconds) >= 3600
        ? [seconds / 3600, 'h']
        : Math.abs(seconds) >= 120
          ? [seconds / 60, 'min']
          : base === 'ms' && Math.abs(seconds) < 1
            ? [value, 'ms']
            : [seconds, 's'];
    const withPer = `${human}${per === undefined ? '' : `/${per}`}`;
    return { text: `${oneDecimal.format(amount)} ${withPer}`, unit: withPer };
  }
  if (unit === 'fraction') return { text: `${oneDecimal.format(value * 100)} %`, unit: '%' };
  return { text: formatValue(value), unit };
}
