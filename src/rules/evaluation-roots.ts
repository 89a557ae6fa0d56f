import type { Resource, Snapshot } from '../snapshot/schema.ts';
import { SIZE_LADDERS } from './size-ladders.ts';

/**
 * The variables a rule expression sees for one resource, as plain values: `resource`, `facts`, `window`,
 * `prices` (USD per DBU by SKU name, the resource's cloud) and `ladders` (warehouse and node size ladders).
 * `params` (the rule's parameters) is bound per rule on top of these. Used by the evaluation and by
 * `scan --explain`, so an explanation reads exactly what the evaluation read.
 */
export function resourceRoots<P>(
  resource: Resource,
  window: Snapshot['window'],
  prices: P,
): {
  resource: Resource;
  facts: Resource['facts'];
  window: Snapshot['window'];
  prices: P;
  ladders: typeof SIZE_LADDERS;
} {
  return { resource, facts: resource.facts, window, prices, ladders: SIZE_LADDERS };
}

/** The roots read per resource, in the order ResourceVariables gives them slots (0, 1, 2). */
export const RESOURCE_ROOTS = ['resource', 'facts', 'prices'] as const;

/** The roots that are constants of a rule for the whole scan: the same for every resource. */
export function ruleConstants<P>(
  params: P,
  window: Snapshot['window'],
): { params: P; window: Snapshot['window']; ladders: typeof SIZE_LADDERS } {
  return { params, window, ladders: SIZE_LADDERS };
}

/** A dotted path under `window`, `ladders` or `params` (a {@link ruleConstants} root): the same for every resource. */
export function isConstantPath(path: string): boolean {
  return path.startsWith('window.') || path.startsWith('ladders.') || path.startsWith('params.');
}

/** USD per DBU by SKU name, per cloud, from the snapshot's price list. */
export function pricesByCloud(snapshot: Pick<Snapshot, 'prices'>): Map<string, Record<string, number>> {
  const map = new Map<string, Record<string, number>>();
  for (const p of snapshot.prices) {
    const entry = map.get(p.cloud) ?? {};
    entry[p.sku_name] = p.usd_per_dbu;
    map.set(p.cloud, entry);
  }
  return map;
}

/**
 * Reads a dotted path (split into parts) from plain JSON-like roots; undefined when a member is missing or
 * a part would index into an array (CEL selects fields, never list elements). A path bound this way lets
 * @bufbuild/cel find the dotted name at once (see cel-paths.ts); an unbound path is walked by CEL itself,
 * which reports the usual "no such key" error.
 */
export function readPath(roots: Record<string, unknown>, parts: readonly string[]): unknown {
  let value: unknown = roots;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
    if (value === undefined) return undefined;
  }
  return value;
}
