import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { canonicalJson } from '../../../src/json/canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text for the same value whatever the key insertion order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: 'é' })).toBe(canonicalJson({ z: 'é', y: [1, 2], x: 1 }));
  });

  it('keeps array order, escapes strings as JSON does and drops undefined members', () => {
    expect(canonicalJson([2, 1, 'a"b\n'])).toBe('[2,1,"a\\"b\\n"]');
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('round-trips through JSON.parse to an equal value', () => {
    const value = { amountUsd: 12.5, tags: ['cost'], nested: { when: '2026-01-01T00:00:00.000Z' } };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('refuses values JSON cannot represent exactly', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(InputError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(InputError);
    expect(() => canonicalJson(10n)).toThrow(InputError);
    expect(() => canonicalJson([undefined])).toThrow(InputError);
  });
});
