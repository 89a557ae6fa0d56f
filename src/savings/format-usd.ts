const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

/** `$2,400.00`; negative amounts as `-$12.50`. */
export function formatUsd(amount: number): string {
  return USD.format(amount);
}

/** Rounds USD to cents (half away from zero), avoiding `-0`. */
export function roundCents(amount: number): number {
  const rounded = (Math.sign(amount) * Math.round(Math.abs(amount) * 100)) / 100;
  return rounded === 0 ? 0 : rounded;
}
