import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.ts';

/**
 * The idempotency key of one action (https://docs.stripe.com/api/idempotent_requests):
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
