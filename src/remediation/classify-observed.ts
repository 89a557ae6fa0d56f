import type { FieldChange } from '../findings/field-change.ts';
import { sameValue } from './same-value.ts';

/**
 * Where the live resource stands relative to the plan (compare-and-set, docs/approvals.md "Writes and unknown outcomes"):
 * `target` every field at `after`; `previous` every field at `before`; `partial` each field at one of
 * them (a multi-field write half landed); `drift` some field at neither (someone else changed it).
 */
export type Position = 'target' | 'previous' | 'partial' | 'drift';

export function classifyObserved(changes: readonly FieldChange[], values: Record<string, unknown>): Position {
  let atTarget = 0;
  let atPrevious = 0;
  for (const change of changes) {
    const value = values[change.field];
    if (sameValue(value, change.after)) atTarget += 1;
    else if (sameValue(value, change.before)) atPrevious += 1;
    else return 'drift';
  }
  if (atTarget === changes.length) return 'target';
  if (atPrevious === changes.length) return 'previous';
  return 'partial';
}
