import { TOKEN_PATTERN } from './identifier-tokens.ts';

/** A number stated in text: its value in base units and how many decimals it was written with. */
export interface StatedNumber {
  text: string;
  value: number;
  decimals: number;
  percent: boolean;
}

const DATE = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g;
const NUMBER = /\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?%|[kKM]\b)?/g;

/** ISO dates (YYYY-MM-DD, optionally with a time) stated in text. */
export function extractDates(text: string): string[] {
  return [...text.replace(TOKEN_PATTERN, ' ').matchAll(DATE)].map((m) => m[0].slice(0, 10));
}

/**
 * Numbers stated in text, formatting normalised: `1,234.5`, `$1,234.50`, `12%`, `3.4k` → 1234.5, 1234.5,
 * 12 (percent), 3400. Tokens (`warehouse#3f9a`), ISO dates and digits inside identifiers
 * (`gemini-2.5`, `r5d.xlarge`, `auto_stop_mins`) are not numbers.
 */
export function extractNumbers(text: string): StatedNumber[] {
  const cleaned = text.replace(TOKEN_PATTERN, ' ').replace(DATE, ' ');
  const out: StatedNumber[] = [];
  for (const match of cleaned.matchAll(NUMBER)) {
    const raw = match[0];
    const start = match.index;
    const before = cleaned[start - 1] ?? ' ';
    const after = cleaned[start + raw.length] ?? ' ';
    if (/[A-Za-z_\-.#/]/.test(before) && !raw.startsWith('$')) continue;
    if (/[A-Za-z_]/.test(after) || (after === '.' && /\d/.test(cleaned[start + raw.length + 1] ?? ''))) continue;
    const trimmed = raw.replace(/\s/g, '');
    const suffix = trimmed.at(-1) ?? '';
    const scale = suffix === 'k' || suffix === 'K' ? 1000 : suffix === 'M' ? 1_000_000 : 1;
    const digits = trimmed.replace(/[$,%kKM]/g, '');
    const decimals = digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0;
    out.push({
      text: raw.trim(),
      value: Number(digits) * scale,
      decimals: scale === 1 ? decimals : -1,
      percent: suffix === '%',
    });
  }
  return out;
}

/**
 * Whether a stated number is a faithful rendering of `allowed`: equal after rounding to the stated
 * decimals (1234.567 → "1,234.57" or "1,235"), a rounding to ≥ 2 significant digits (3360 → "3,400"),
 * or for percentages also the fraction × 100 (0.8 → "80%"). Scaled numbers ("3.4k") match within 5 %.
 */
export function isFaithful(stated: StatedNumber, allowed: number): boolean {
  const candidates = stated.percent ? [allowed, allowed * 100] : [allowed];
  return candidates.some((a) => matches(stated, Math.abs(a)));
}

function matches(stated: StatedNumber, a: number): boolean {
  const v = stated.value;
  if (stated.decimals < 0) return a > 0 && Math.abs(a - v) / a <= 0.05;
  const factor = 10 ** stated.decimals;
  if (Math.abs(Math.round(a * factor) / factor - v) < 1e-9) return true;
  if (stated.decimals === 0 && v !== 0) {
    const zeros = String(v).match(/0+$/)?.[0].length ?? 0;
    const significant = String(v).length - zeros;
    if (zeros > 0 && significant >= 2) {
      const unit = 10 ** zeros;
      return Math.round(a / unit) * unit === v;
    }
  }
  return false;
}
