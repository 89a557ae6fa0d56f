import { createHash } from 'node:crypto';
import type { ResourceRef } from '../snapshot/schema.ts';

/**
 * The finding fingerprint (docs/architecture.md "Identity and idempotence"): `sha256(ruleId | workspaceId | kind | resourceId)` shortened to
 * 16 hex characters. Stable across scans; used as the Jira label `lw-fp-<fingerprint>`.
 */
export function fingerprintOf(ruleId: string, ref: ResourceRef): string {
  return createHash('sha256').update(`${ruleId}|${ref.workspaceId}|${ref.kind}|${ref.id}`).digest('hex').slice(0, 16);
}

/** The Jira label carrying a fingerprint. */
export function fingerprintLabel(fingerprint: string): string {
  return `lw-fp-${fingerprint}`;
}
