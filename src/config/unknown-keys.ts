import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/** A key in the data that the schema does not declare, with the nearest declared key when one is close. */
export interface UnknownKey {
  /** Path of the unknown key itself, e.g. `['jira', 'projectKye']`. */
  path: PropertyKey[];
  /** The declared key it most likely meant (edit distance ≤ 2, or ≤ a third of its length), if any. */
  suggestion: string | undefined;
}

type Def = { type: string } & Record<string, unknown>;

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/**
 * Finds every key of `data` that `schema` does not declare, at any depth: objects (whatever their unknown-key
 * mode), records' values, arrays' elements, unions (the option that fits best), optional/default/prefault/pipe
 * wrappers. One walk over the zod schema, so every section and every key added later is strict without
 * per-section code. Pure.
 */
export function findUnknownKeys(schema: z.core.$ZodType, data: unknown, path: PropertyKey[] = []): UnknownKey[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return findUnknownKeys(def.innerType as z.core.$ZodType, data, path);
    case 'pipe':
      return findUnknownKeys(def.in as z.core.$ZodType, data, path);
    case 'lazy':
      return findUnknownKeys((def.getter as () => z.core.$ZodType)(), data, path);
    case 'object':
      return objectKeys(def, data, path);
    case 'record':
      if (!isPlainObject(data)) return [];
      return Object.entries(data).flatMap(([key, value]) =>
        findUnknownKeys(def.valueType as z.core.$ZodType, value, [...path, key]),
      );
    case 'array':
      if (!Array.isArray(data)) return [];
      return data.flatMap((item, index) => findUnknownKeys(def.element as z.core.$ZodType, item, [...path, index]));
    case 'union': {
      // The option with the fewest unknown keys is the one the author meant (a perfect fit reports nothing).
      let best: UnknownKey[] | undefined;
      for (const option of def.options as z.core.$ZodType[]) {
        const found = findUnknownKeys(option, data, path);
        if (best === undefined || found.length < best.length) best = found;
        if (found.length === 0) break;
      }
      return best ?? [];
    }
    case 'intersection':
      return [
        ...findUnknownKeys(def.left as z.core.$ZodType, data, path),
        ...findUnknownKeys(def.right as z.core.$ZodType, data, path),
      ];
    default:
      return [];
  }
}

function objectKeys(def: Def, data: unknown, path: PropertyKey[]): UnknownKey[] {
  if (!isPlainObject(data)) return [];
  const shape = def.shape as Record<string, z.core.$ZodType>;
  const declared = Object.keys(shape);
  const catchall = def.catchall as z.core.$ZodType | undefined;
  // A catch-all other than `never` (z.looseObject / .catchall(schema)) declares open keys on purpose.
  const open = catchall !== undefined && defOf(catchall).type !== 'never';
  const found: UnknownKey[] = [];
  for (const [key, value] of Object.entries(data)) {
    const child = shape[key];
    if (child !== undefined) {
      found.push(...findUnknownKeys(child, value, [...path, key]));
    } else if (open) {
      found.push(...findUnknownKeys(catchall as z.core.$ZodType, value, [...path, key]));
    } else {
      found.push({ path: [...path, key], suggestion: suggest(key, declared) });
    }
  }
  return found;
}

/** The declared key nearest to `key` when it is close enough to be a typo (case-insensitive edit distance). */
export function suggest(key: string, declared: readonly string[]): string | undefined {
  if (declared.length === 0) return undefined;
  const byLower = new Map(declared.map((d) => [d.toLowerCase(), d]));
  const nearest = closest(key.toLowerCase(), [...byLower.keys()]);
  const limit = Math.max(2, Math.floor(key.length / 3));
  return distance(key.toLowerCase(), nearest) <= limit ? byLower.get(nearest) : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
