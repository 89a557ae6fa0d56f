import type { MissingSource, Snapshot } from '../../snapshot/schema.ts';
import { addMissing } from './degradable.ts';

/**
 * Merges per-region snapshots of one account and window into one: workspaces and resources concatenated
 * (each region collects only its own workspaces), prices de-duplicated by SKU and cloud, missing system tables
 * united (a table missing in one region is missing for the account).
 * @throws Error when the parts disagree on the window (a programming error).
 */
export function mergeSnapshots(parts: readonly Snapshot[]): Snapshot {
  const [first, ...rest] = parts;
  if (first === undefined) throw new Error('mergeSnapshots needs at least one snapshot');
  const prices = new Map(first.prices.map((p) => [`${p.cloud}|${p.sku_name}`, p]));
  const merged: Snapshot = { ...first, workspaces: [...first.workspaces], resources: [...first.resources] };
  for (const part of rest) {
    if (part.window.start !== first.window.start || part.window.end !== first.window.end) {
      throw new Error('mergeSnapshots: parts cover different windows');
    }
    merged.workspaces.push(...part.workspaces);
    merged.resources.push(...part.resources);
    for (const p of part.prices) prices.set(`${p.cloud}|${p.sku_name}`, p);
  }
  merged.prices = [...prices.values()];
  const missing: MissingSource[] = [];
  for (const part of parts) addMissing(missing, part.missing ?? []);
  if (missing.length > 0) merged.missing = missing;
  return merged;
}
