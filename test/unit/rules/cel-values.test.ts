import { describe, expect, it } from 'vitest';
import { compileCel } from '../../../src/rules/cel.ts';
import { toCelValue } from '../../../src/rules/cel-values.ts';

/** Expressions over `m` whose results must not depend on who converted `m` to a CEL value. */
const EXPRESSIONS = [
  'm.a',
  'm.nested.x',
  'm.list[1].y',
  'size(m)',
  "'a' in m",
  "'toString' in m",
  "'z' in m",
  'has(m.n)',
  'has(m.a)',
  'm.list.exists(e, has(e.y) && e.y > 1.0)',
  'm.exists(k, k == "nested")',
  "m == {'a': 1.0, 'n': null, 'nested': {'x': 's'}, 'list': [{'y': 1.0}, {'y': 2.0}]}",
  'm.nested == {"x": "s"}',
  'm.missing',
  'm[1]',
];

function run(expression: string, m: unknown): unknown {
  try {
    return compileCel(expression)({ m });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('toCelValue', () => {
  it('gives CEL the same values as @bufbuild/cel converting the plain object itself', () => {
    const m = { a: 1, n: null, nested: { x: 's' }, list: [{ y: 1 }, { y: 2 }] };
    const converted = toCelValue(m);
    for (const expression of EXPRESSIONS) {
      expect({ expression, result: run(expression, converted) }).toEqual({ expression, result: run(expression, m) });
    }
  });

  it('returns the same CEL value for a member read twice, and leaves scalars as they are', () => {
    const converted = toCelValue({ nested: { x: 1 } }) as unknown as ReadonlyMap<string, unknown>;
    expect(converted.get('nested')).toBe(converted.get('nested'));
    expect(toCelValue(3)).toBe(3);
    expect(toCelValue('s')).toBe('s');
    expect(toCelValue(null)).toBeNull();
  });
});
