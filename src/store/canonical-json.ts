import { InputError } from '../errors.ts';

/** A JSON value as the history hash chain accepts it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Canonical JSON for hashing: object keys sorted by UTF-16 code unit order (recursively), no
 * whitespace, strings and numbers as `JSON.stringify` writes them, `undefined` object members dropped
 * (as JSON.stringify does). The same value always yields the same text.
 *
 * @throws InputError for values JSON cannot represent exactly: non-finite numbers, bigint, functions,
 * symbols, `undefined` at the top level or in an array.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InputError(`canonical JSON cannot represent the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new InputError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}
