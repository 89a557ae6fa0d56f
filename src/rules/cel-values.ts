import { type CelInput, celList, celMap } from '@bufbuild/cel';

/**
 * Converts plain JSON-like data (objects, arrays, scalars) into CEL values for @bufbuild/cel
 * (https://github.com/bufbuild/cel-es). Scalars are returned as they are; an array becomes a CEL list of its
 * converted items; a plain object becomes a CEL map over the object itself (`ObjectMap`): nothing is copied
 * up front, and each member is converted on first read and kept, so repeated reads (several rules, or a
 * comprehension) return the same CEL value instead of @bufbuild/cel wrapping the plain object again on every
 * access. Non-plain objects are left to CEL. Same semantics as @bufbuild/cel's own conversion (`toCel`): own
 * enumerable keys in their order, a key whose value is undefined reads as absent.
 */
export function toCelValue(value: unknown): CelInput {
  if (typeof value !== 'object' || value === null) return value as CelInput;
  if (Array.isArray(value)) {
    const items: CelInput[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = toCelValue(value[i]);
    return celList(items);
  }
  return isPlainObject(value) ? celMap(new ObjectMap(value)) : (value as CelInput);
}

/** True for what `toCelValue` makes a CEL map: a non-null, non-array object whose class is Object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) === Object.prototype || value.constructor?.name === 'Object';
}

/**
 * A read-only Map view of a plain object's own enumerable string keys, whose values are converted with
 * `toCelValue` on first read (objects and arrays are kept; scalars need no conversion). What `celMap` is given
 * (it accepts any ReadonlyMap); CEL never sees a non-string key here, as JSON objects have none.
 */
class ObjectMap implements ReadonlyMap<string, CelInput> {
  readonly #object: Record<string, unknown>;
  #converted: Map<string, CelInput> | undefined;

  constructor(object: Record<string, unknown>) {
    this.#object = object;
  }

  get size(): number {
    return Object.keys(this.#object).length;
  }

  get(key: unknown): CelInput | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.#object, key)) return undefined;
    const value = this.#object[key];
    if (typeof value !== 'object' || value === null) return value as CelInput | undefined;
    this.#converted ??= new Map();
    let converted = this.#converted.get(key);
    if (converted === undefined) {
      converted = toCelValue(value);
      this.#converted.set(key, converted);
    }
    return converted;
  }

  has(key: unknown): boolean {
    return this.get(key) !== undefined;
  }

  keys(): MapIterator<string> {
    return Object.keys(this.#object)[Symbol.iterator]();
  }

  *values(): MapIterator<CelInput> {
    for (const key of Object.keys(this.#object)) yield this.get(key) as CelInput;
  }

  *entries(): MapIterator<[string, CelInput]> {
    for (const key of Object.keys(this.#object)) yield [key, this.get(key) as CelInput];
  }

  [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }

  forEach(
    callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void,
    thisArg?: unknown,
  ): void {
    for (const key of Object.keys(this.#object)) callback.call(thisArg, this.get(key) as CelInput, key, this);
  }
}
