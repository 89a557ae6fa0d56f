import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';

/** A JSON value: what {@link canonicalJson} represents exactly. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Canonical JSON, the one text every stored hash is computed over (issue content hashes, plan ids, action
 * keys, the history hash chain, AI prompt hashes): object keys sorted by UTF-16 code unit order at every
 * level, no whitespace, strings and numbers written as `JSON.stringify` writes them (`-0` → `0`,
 * `1e21` → `1e+21`), arrays in their order, `undefined` object members dropped. Objects are read by their
 * own enumerable keys only (`toJSON` is not called). Equal values always give the same text
 * (RFC 8785 orders keys the same way: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.3).
 *
 * Linear in the size of the value: one pass appending to one string, each key escaped once per call.
 *
 * @throws InputError for values JSON cannot represent exactly: non-finite numbers, bigint, functions,
 * symbols, `undefined` at the top level or as an array element.
 */
export function canonicalJson(value: unknown): string {
  const keyText = new Map<string, string>();
  return write(value, keyText);
}

/**
 * Canonical JSON of what `JSON.stringify` makes of a value (`toJSON` called, so a `Date` becomes its ISO
 * string; `undefined`, functions and symbols in arrays become `null`): the form of a JSON column.
 * @throws InputError as {@link canonicalJson}, e.g. for a bigint.
 */
export function canonicalJsonOfSerialized(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : canonicalJson(JSON.parse(text));
}

/** SHA-256 (64 hex) of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function write(value: unknown, keyText: Map<string, string>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InputError(`canonical JSON cannot represent the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          if (i > 0) out += ',';
          out += write(value[i], keyText);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        let quoted = keyText.get(key);
        if (quoted === undefined) {
          quoted = JSON.stringify(key);
          keyText.set(key, quoted);
        }
        out += first ? `${quoted}:` : `,${quoted}:`;
        out += write(member, keyText);
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new InputError(`canonical JSON cannot represent a value of type ${typeof value}`);
  }
}
