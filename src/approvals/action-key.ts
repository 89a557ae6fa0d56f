import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values always serialise identically. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The idempotency key of one action (reliability.md §3.1):
 * `sha256(fingerprint | strategy | canonical target value | approving changelog id)` as 64 hex.
 * The target value is the plan's `{field: after}` map. One approving changelog entry → one key, however
 * many webhooks deliver it; an Approved → Reopened → Approved cycle has a new changelog id → a new key.
 */
export function actionKey(input: {
  fingerprint: string;
  strategy: string;
  changes: ReadonlyArray<{ field: string; after: unknown }>;
  changelogId: string;
}): string {
  const target: Record<string, unknown> = {};
  for (const change of input.changes) target[change.field] = change.after;
  return createHash('sha256')
    .update([input.fingerprint, input.strategy, canonicalJson(target), input.changelogId].join('|'))
    .digest('hex');
}
