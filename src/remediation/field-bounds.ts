import type { FieldDeclaration } from './strategy.ts';

type Bound = Pick<FieldDeclaration, 'bound' | 'check'>;

/** An integer in [min, max] (inclusive), `unit` for the words. */
export function intBetween(min: number, max: number, unit = ''): Bound {
  const words = `integer ${min}–${max}${unit === '' ? '' : ` ${unit}`}`;
  return {
    bound: words,
    check: (after) =>
      typeof after === 'number' && Number.isInteger(after) && after >= min && after <= max
        ? null
        : `${JSON.stringify(after)} is outside the allowed range (${words})`,
  };
}

/** Exactly one of `values`. */
export function oneOf(values: readonly string[]): Bound {
  const words = `only ${values.map((v) => `\`${v}\``).join(' or ')}`;
  return {
    bound: words,
    check: (after) =>
      typeof after === 'string' && values.includes(after) ? null : `${JSON.stringify(after)} is not allowed (${words})`,
  };
}

/** A string of at most `max` characters. */
export function shortString(max: number): Bound {
  return {
    bound: `string of at most ${max} characters`,
    check: (after) =>
      typeof after === 'string' && after.length <= max
        ? null
        : `the value must be a string of at most ${max} characters`,
  };
}
